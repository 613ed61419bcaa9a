package io.woosync.queue;

import io.quarkus.arc.All;
import io.quarkus.arc.InstanceHandle;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link JobHandler} beans by resource type. One plain bean per type; an enabled
 * {@code @Alternative} for a type takes its place (tests enable scripted handlers that way, in
 * their own test profile). Two plain beans for one type is a deployment error.
 */
@ApplicationScoped
public class JobHandlers {

    private final Map<String, JobHandler> byType = new HashMap<>();

    public JobHandlers(@All List<InstanceHandle<JobHandler>> handlers) {
        Map<String, InstanceHandle<JobHandler>> chosen = new HashMap<>();
        for (InstanceHandle<JobHandler> handle : handlers) {
            String type = handle.get().resourceType();
            InstanceHandle<JobHandler> previous = chosen.get(type);
            if (previous == null) {
                chosen.put(type, handle);
                continue;
            }
            boolean newAlt = handle.getBean().isAlternative();
            boolean oldAlt = previous.getBean().isAlternative();
            if (newAlt == oldAlt) {
                throw new IllegalStateException("Two job handlers for resource type '" + type + "': "
                        + previous.getBean().getBeanClass().getName() + " and " + handle.getBean().getBeanClass().getName());
            }
            if (newAlt) {
                chosen.put(type, handle);
            }
        }
        chosen.forEach((type, handle) -> byType.put(type, handle.get()));
    }

    public Optional<JobHandler> forType(String resourceType) {
        return Optional.ofNullable(byType.get(resourceType));
    }
}

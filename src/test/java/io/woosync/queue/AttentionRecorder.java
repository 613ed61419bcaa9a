package io.woosync.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the admin notifications the queue fires. */
@ApplicationScoped
public class AttentionRecorder {

    private final List<JobNeedsAttention> events = new CopyOnWriteArrayList<>();

    void on(@Observes JobNeedsAttention event) {
        events.add(event);
    }

    public List<JobNeedsAttention> forJob(long jobId) {
        return events.stream().filter(e -> e.jobId() == jobId).toList();
    }
}

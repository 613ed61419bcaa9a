package io.woosync.devdb;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Set;

/**
 * Supplies the datasource coordinates of the embedded server, starting it on first use so that
 * a build step that never asks for a JDBC URL never starts a database.
 */
final class EmbeddedPostgresConfigSource implements ConfigSource {

    private static final Set<String> NAMES = Set.of(
            EmbeddedPostgresConfigSourceFactory.JDBC_URL,
            "quarkus.datasource.username",
            "quarkus.datasource.password");

    private final EmbeddedPostgresServer.Mode mode;

    EmbeddedPostgresConfigSource(EmbeddedPostgresServer.Mode mode) {
        this.mode = mode;
    }

    @Override
    public Set<String> getPropertyNames() {
        return NAMES;
    }

    @Override
    public String getValue(String propertyName) {
        return switch (propertyName) {
            case EmbeddedPostgresConfigSourceFactory.JDBC_URL -> EmbeddedPostgresServer.jdbcUrl(mode);
            case "quarkus.datasource.username", "quarkus.datasource.password" -> "postgres";
            default -> null;
        };
    }

    @Override
    public String getName() {
        return "woosync-embedded-postgres";
    }

    @Override
    public int getOrdinal() {
        // Below application.properties (250) and the environment (300): anything configured wins.
        return 120;
    }
}

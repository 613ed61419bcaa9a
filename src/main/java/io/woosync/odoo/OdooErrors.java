package io.woosync.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import io.woosync.SyncFailure.Kind;
import io.woosync.odoo.OdooException.Fault;
import io.woosync.tenant.TenantConnections;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns everything that can go wrong on an Odoo call into an {@link OdooException} with one sentence
 * an admin can act on, naming the model, the record and, where Odoo says, the field. Built from
 * Odoo's {@code data.name} and {@code data.message} (JSON-RPC) or {@code name} and {@code message}
 * (JSON-2); see ../shared/fixtures/odoo/ for every error shape.
 */
final class OdooErrors {

    private static final Pattern FIELD_ON_MODEL = Pattern.compile("Invalid field '([\\w.]+)' (?:on model|in) '([\\w.]+)'");
    private static final Pattern FIELD_IN_DOMAIN = Pattern.compile("Invalid field ([\\w.]+)\\.(\\w+) in (?:leaf|condition)");
    private static final Pattern NO_MODEL = Pattern.compile("(?:Object ([\\w.]+) doesn't exist|the model '([\\w.]+)' does not exist)");

    private OdooErrors() {
    }

    /** Where a call went: enough to write the admin's sentence. Never holds the API key. */
    record Call(TenantConnections.Odoo odoo, OdooVersion version, String model, String method, List<Long> ids) {
        String target() {
            return ids == null || ids.isEmpty() ? model
                    : model + " " + String.join(", ", ids.stream().map(String::valueOf).toList());
        }

        String versionText() {
            return version == null ? "" : " " + version.major();
        }
    }

    /** Odoo answered with an error: {@code name} such as {@code odoo.exceptions.ValidationError}, its message, and the HTTP status (200 for JSON-RPC). */
    static OdooException fromOdoo(Call call, String name, String message, int httpStatus) {
        String n = name == null ? "" : name;
        String msg = firstLine(message);
        String login = call.odoo().login();
        String db = call.odoo().database();
        if (n.endsWith("AccessDenied") || httpStatus == 401) {
            return configuration(call, n, httpStatus, accessDenied(call.odoo()));
        }
        if (n.contains("SerializationFailure") || n.contains("LockNotAvailable") || msg.contains("could not serialize access")
                || msg.contains("concurrent update")) {
            return new OdooException(Kind.CONNECTION, "Odoo was busy with a concurrent update while running " + call.method()
                    + " on " + call.target() + "; WooSync retries automatically.",
                    Fault.ODOO_ERROR, call.model(), call.method(), n, httpStatus, true, false, null);
        }
        if (n.contains("OperationalError")) {
            if (msg.contains("does not exist") && msg.contains("database")) {
                return configuration(call, n, httpStatus, unknownDatabase(call.odoo()));
            }
            return new OdooException(Kind.CONNECTION, "Odoo at " + call.odoo().url() + " could not reach its own database (" + msg
                    + "); WooSync retries automatically.", Fault.ODOO_ERROR, call.model(), call.method(), n, httpStatus, true, false, null);
        }
        Matcher noModel = NO_MODEL.matcher(msg);
        if (noModel.find()) {
            String missing = noModel.group(1) != null ? noModel.group(1) : noModel.group(2);
            return configuration(call, n, httpStatus, "Odoo database " + db + " has no model " + missing
                    + ": install the Odoo module that provides it.");
        }
        Matcher field = FIELD_ON_MODEL.matcher(msg);
        Matcher domainField = FIELD_IN_DOMAIN.matcher(msg);
        if (field.find()) {
            return configuration(call, n, httpStatus, invalidField(call, field.group(2), field.group(1)));
        }
        if (domainField.find()) {
            return configuration(call, n, httpStatus, invalidField(call, domainField.group(1), domainField.group(2)));
        }
        if (n.endsWith("AccessError") && msg.startsWith("Private methods")) {
            return configuration(call, n, httpStatus, "Odoo refuses remote calls to the private method " + call.model() + "."
                    + call.method() + "; this is a WooSync defect, report it.");
        }
        if (n.endsWith("AccessError") || httpStatus == 403) {
            return configuration(call, n, httpStatus, "Odoo user " + login + " may not run " + call.method() + " on "
                    + call.target() + " (" + msg + "); grant the user the needed rights in Odoo (Settings → Users).");
        }
        if (n.endsWith("MissingError")) {
            return new OdooException(Kind.DATA, "Odoo record " + call.target() + " does not exist or was deleted ("
                    + method(call) + "); recreate it or remove WooSync's link to it.",
                    Fault.ODOO_ERROR, call.model(), call.method(), n, httpStatus, false, false, null);
        }
        if (n.endsWith("ValidationError") || n.endsWith("UserError") || n.endsWith("RedirectWarning")) {
            return new OdooException(Kind.DATA, "Odoo refused " + call.method() + " on " + call.target() + ": " + sentence(msg),
                    Fault.ODOO_ERROR, call.model(), call.method(), n, httpStatus, false, false, null);
        }
        if (n.endsWith("TypeError") || n.endsWith("UnprocessableEntity") || n.endsWith("NotFound") || n.endsWith("BadRequest")) {
            return configuration(call, n, httpStatus, "Odoo" + call.versionText() + " cannot run " + call.model() + "." + call.method()
                    + " as WooSync calls it (" + msg + "); WooSync and this Odoo version disagree, report it.");
        }
        return new OdooException(Kind.DATA, "Odoo failed to run " + call.method() + " on " + call.target() + ": " + sentence(msg)
                + " (" + n + ")", Fault.ODOO_ERROR, call.model(), call.method(), n, httpStatus, false, false, null);
    }

    /** A JSON-RPC {@code error} object: {@code {code, message, data: {name, message, ...}}}. */
    static OdooException fromJsonRpcError(Call call, JsonNode error) {
        JsonNode data = error.path("data");
        String name = data.path("name").asText(null);
        String message = data.path("message").asText(error.path("message").asText(""));
        return fromOdoo(call, name, message, 200);
    }

    /** An HTTP answer that is not an Odoo answer (a proxy's 502, a busy server's 503/429, a web page). */
    static OdooException fromHttpStatus(Call call, int status, String path) {
        String where = call.odoo().url();
        switch (status) {
            case 502, 503, 504, 429 -> {
                // 503/429 are answered before Odoo starts the work; a proxy's 502/504 may come after Odoo received it.
                boolean ambiguous = status == 502 || status == 504;
                String what = status == 429 ? "is rate-limiting WooSync (HTTP 429)" : "answered HTTP " + status + " (unavailable)";
                return new OdooException(Kind.CONNECTION, "Odoo at " + where + " " + what + " to " + call.method() + " on "
                        + call.target() + "; WooSync retries automatically.",
                        Fault.HTTP_STATUS, call.model(), call.method(), null, status, true, ambiguous, null);
            }
            default -> {
                if (status >= 500) {
                    return new OdooException(Kind.CONNECTION, "Odoo at " + where + " failed with HTTP " + status + " on " + call.method()
                            + " of " + call.target() + "; WooSync retries automatically.",
                            Fault.HTTP_STATUS, call.model(), call.method(), null, status, true, true, null);
                }
                return configuration(call, null, status, "The URL " + where + " does not answer like an Odoo server (HTTP " + status
                        + " for " + path + "); check the Odoo URL in the tenant's settings.", Fault.HTTP_STATUS);
            }
        }
    }

    static OdooException badResponse(Call call, String what) {
        return configuration(call, null, 200, "The URL " + call.odoo().url() + " did not answer like an Odoo server (" + what
                + "); check the Odoo URL in the tenant's settings.", Fault.BAD_RESPONSE);
    }

    /** An I/O failure of the HTTP call itself. {@code sent} tells whether the request may have reached Odoo. */
    static OdooException fromIo(Call call, IOException e, Duration timeout) {
        String url = call.odoo().url();
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException || hasCause(e, UnknownHostException.class)
                || hasCause(e, UnresolvedAddressException.class) || hasCause(e, ConnectException.class)) {
            String why = e instanceof HttpConnectTimeoutException ? "did not accept a connection in time"
                    : hasCause(e, UnknownHostException.class) || hasCause(e, UnresolvedAddressException.class) ? "could not be found (unknown host)"
                    : "refused the connection";
            return new OdooException(Kind.CONNECTION, "Odoo at " + url + " " + why + " for " + call.method() + " on " + call.target()
                    + "; WooSync retries automatically, check that Odoo is running if this persists.",
                    Fault.NOT_CONNECTED, call.model(), call.method(), null, 0, true, false, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new OdooException(Kind.CONNECTION, "Odoo at " + url + " did not answer " + call.method() + " on " + call.target()
                    + " within " + seconds(timeout) + "; WooSync checks whether it took effect and retries automatically.",
                    Fault.TIMEOUT, call.model(), call.method(), null, 0, true, true, e);
        }
        return new OdooException(Kind.CONNECTION, "The connection to Odoo at " + url + " broke during " + call.method() + " on "
                + call.target() + "; WooSync checks whether it took effect and retries automatically.",
                Fault.DROPPED, call.model(), call.method(), null, 0, true, true, e);
    }

    static OdooException circuitOpen(String tenant, String url, int failures, Duration remaining) {
        return new OdooException(Kind.CONNECTION, "Odoo calls for tenant " + tenant + " are paused for " + seconds(remaining)
                + " after " + failures + " failures in a row reaching " + url + "; WooSync retries automatically.",
                Fault.CIRCUIT_OPEN, null, null, null, 0, true, false, null);
    }

    static OdooException bulkheadFull(String tenant, int limit, Duration waited) {
        return new OdooException(Kind.CONNECTION, "Tenant " + tenant + " already has " + limit + " Odoo calls in flight and none finished within "
                + seconds(waited) + "; WooSync retries automatically.",
                Fault.BULKHEAD_FULL, null, null, null, 0, true, false, null);
    }

    static String accessDenied(TenantConnections.Odoo odoo) {
        return "Odoo rejected the API key of user " + odoo.login() + " on database " + odoo.database()
                + "; enter a valid API key for this user in the tenant's Odoo settings.";
    }

    static String unknownDatabase(TenantConnections.Odoo odoo) {
        return "Odoo at " + odoo.url() + " has no database " + odoo.database() + "; check the database name in the tenant's Odoo settings.";
    }

    static OdooException accessDeniedException(Call call, int httpStatus) {
        return configuration(call, "odoo.exceptions.AccessDenied", httpStatus, accessDenied(call.odoo()));
    }

    static OdooException unknownDatabaseException(Call call, int httpStatus) {
        return configuration(call, "psycopg2.OperationalError", httpStatus, unknownDatabase(call.odoo()));
    }

    private static String invalidField(Call call, String model, String field) {
        return "Odoo" + call.versionText() + " has no field " + model + "." + field + " (used by " + call.method() + " on "
                + call.model() + "); run the connection test to check this Odoo version's field names.";
    }

    private static OdooException configuration(Call call, String name, int status, String sentence) {
        return configuration(call, name, status, sentence, Fault.ODOO_ERROR);
    }

    private static OdooException configuration(Call call, String name, int status, String sentence, Fault fault) {
        return new OdooException(Kind.CONFIGURATION, sentence, fault, call.model(), call.method(), name, status, false, false, null);
    }

    private static String method(Call call) {
        return call.method();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}

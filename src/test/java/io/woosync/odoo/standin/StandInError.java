package io.woosync.odoo.standin;

/**
 * An error the stand-in answers the way Odoo does: {@code name} is Odoo's {@code data.name}
 * (JSON-RPC) or {@code name} (JSON-2); {@code json2Status} the HTTP status JSON-2 uses for it.
 */
final class StandInError extends RuntimeException {

    final String name;
    final int json2Status;
    /** werkzeug errors put the status into {@code arguments}: {@code [message, status]}. */
    final boolean werkzeug;

    StandInError(String name, String message, int json2Status) {
        this(name, message, json2Status, false);
    }

    StandInError(String name, String message, int json2Status, boolean werkzeug) {
        super(message);
        this.name = name;
        this.json2Status = json2Status;
        this.werkzeug = werkzeug;
    }

    static StandInError validation(String message) {
        return new StandInError("odoo.exceptions.ValidationError", message, 422);
    }

    static StandInError user(String message) {
        return new StandInError("odoo.exceptions.UserError", message, 422);
    }

    static StandInError access(String message) {
        return new StandInError("odoo.exceptions.AccessError", message, 403);
    }

    static StandInError accessDenied() {
        return new StandInError("odoo.exceptions.AccessDenied", "Access Denied", 401);
    }

    static StandInError missing(String model, Iterable<Long> ids, long uid) {
        StringBuilder sb = new StringBuilder();
        ids.forEach(id -> sb.append(id).append(','));
        return new StandInError("odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n(Record: " + model + "("
                + sb + "), User: " + uid + ")", 404);
    }

    static StandInError value(String message) {
        return new StandInError("builtins.ValueError", message, 500);
    }

    static StandInError unprocessable(String message) {
        return new StandInError("werkzeug.exceptions.UnprocessableEntity", message, 422, true);
    }

    static StandInError notFound(String message) {
        return new StandInError("werkzeug.exceptions.NotFound", message, 404, true);
    }

    /** The {@code debug} text: Odoo's traceback, cut to its last line as in the transcripts. */
    String debug() {
        String shortName = name.startsWith("builtins.") ? name.substring("builtins.".length()) : name;
        if (werkzeug) {
            String reason = switch (json2Status) {
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 404 -> "Not Found";
                case 422 -> "Unprocessable Entity";
                default -> "Error";
            };
            return name + ": " + json2Status + " " + reason + ": " + getMessage() + " (traceback cut)";
        }
        return shortName + ": " + getMessage() + " (traceback cut)";
    }
}

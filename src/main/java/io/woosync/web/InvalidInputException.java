package io.woosync.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input that passed bean validation but breaks a rule only the service can check (a slug already
 * taken, a field that cannot change). Rendered as a 400/409 problem naming each field, or as
 * messages beside the form fields.
 */
public class InvalidInputException extends RuntimeException {

    private final int status;
    private final Map<String, String> fieldErrors;

    public InvalidInputException(int status, Map<String, String> fieldErrors) {
        super("invalid input: " + fieldErrors.keySet());
        this.status = status;
        this.fieldErrors = new LinkedHashMap<>(fieldErrors);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(400, Map.of(field, message));
    }

    public static InvalidInputException conflict(String field, String message) {
        return new InvalidInputException(409, Map.of(field, message));
    }

    public int status() {
        return status;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}

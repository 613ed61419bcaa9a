package io.woosync.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * RFC 7807 problem details, with {@code errors} naming each bad field.
 *
 * <p>Registered for reflection: it reaches Jackson only inside a {@code Response}, which Quarkus
 * cannot see at build time, so a native image would otherwise serialize it as {@code {}}.
 */
@RegisterForReflection(targets = {Problem.class, Problem.FieldError.class})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }
}

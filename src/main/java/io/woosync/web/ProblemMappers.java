package io.woosync.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns bad input into RFC 7807 problems: a 4xx naming each bad field and a log line, never a 500
 * and never the input's secret values. HTML form pages catch {@link InvalidInputException} and
 * validation failures themselves and show messages beside the fields.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Template errorPage;

    public ProblemMappers(@Location("error.html") Template errorPage) {
        this.errorPage = errorPage;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldName(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        LOG.infof("400 %s: invalid fields %s", uri.getPath(), errors.stream().map(Problem.FieldError::field).toList());
        return problem(400, "Invalid input", "One or more fields are invalid.", uri, errors);
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.fieldErrors().entrySet().stream()
                .map(en -> new Problem.FieldError(en.getKey(), en.getValue())).toList();
        LOG.infof("%d %s: %s", e.status(), uri.getPath(), e.fieldErrors());
        return problem(e.status(), e.status() == 409 ? "Conflict" : "Invalid input",
                String.join(" ", e.fieldErrors().values()), uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        // The parser's message can quote the input; log only where it failed.
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        LOG.infof("400 %s: unreadable JSON%s", uri.getPath(), where);
        return problem(400, "Unreadable JSON", "The request body is not valid JSON for this endpoint" + where + ".", uri, null);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(404, "Not found", "Nothing here.", uri, null);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // Quarkus REST wraps a body Jackson cannot read in a 400 WebApplicationException.
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException jpe) {
                return unreadableJson(jpe, uri);
            }
        }
        if (status >= 500 || e.getResponse().hasEntity()) {
            return e.getResponse();
        }
        return problem(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), uri, null);
    }

    private Response problem(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        if (isPage(uri.getPath())) {
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                    .entity(errorPage.data("title", title).data("detail", detail).render()).build();
        }
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, uri.getPath(), errors))
                .build();
    }

    /** Pages get an HTML error page; the JSON API and the webhook endpoint get problem JSON. */
    private static boolean isPage(String path) {
        return !(path.startsWith("/api/") || path.startsWith("/webhooks/") || path.startsWith("/q/"));
    }

    /** The last node of a property path ("create.request.slug" → "slug"). */
    static String fieldName(Path path) {
        String name = null;
        for (Path.Node node : path) {
            if (node.getName() != null && node.getKind() != jakarta.validation.ElementKind.METHOD
                    && node.getKind() != jakarta.validation.ElementKind.PARAMETER) {
                name = node.getName();
            }
        }
        return name == null ? path.toString() : name;
    }
}

package io.woosync.web;

import io.restassured.response.Response;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * A browser-like session for page tests: a bearer token (the hybrid OIDC tenant accepts one on
 * pages) plus the CSRF cookie and form token that a real form carries.
 */
public final class PageSession {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    public final String token;
    public final String csrfCookie;
    public final String csrfToken;

    private PageSession(String token, String csrfCookie, String csrfToken) {
        this.token = token;
        this.csrfCookie = csrfCookie;
        this.csrfToken = csrfToken;
    }

    /** Opens {@code formPage} (any page with a form) and keeps its CSRF cookie and field. */
    public static PageSession open(String token, String formPage) {
        Response page = given().auth().oauth2(token).redirects().follow(false).get(formPage);
        if (page.statusCode() != 200) {
            throw new AssertionError("GET " + formPage + " answered " + page.statusCode());
        }
        Matcher m = CSRF_FIELD.matcher(page.asString());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on " + formPage);
        }
        return new PageSession(token, page.cookie("woosync-csrf"), m.group(1));
    }

    /** The same CSRF pair under another user's token (the pair is not bound to a user). */
    public PageSession as(String otherToken) {
        return new PageSession(otherToken, csrfCookie, csrfToken);
    }

    /** A form POST carrying the CSRF cookie and token. Params alternate name, value. */
    public Response post(String path, String... params) {
        var spec = given().auth().oauth2(token).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded")
                .cookie("woosync-csrf", csrfCookie)
                .formParam("csrf-token", csrfToken);
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.formParam(params[i], params[i + 1]);
        }
        return spec.post(path);
    }
}

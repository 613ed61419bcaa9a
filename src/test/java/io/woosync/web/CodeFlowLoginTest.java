package io.woosync.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.htmlunit.SilentCssErrorHandler;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real authorization-code flow, in a headless browser: our page redirects to the identity
 * provider (the WireMock OIDC server), the user logs in on its form, the provider redirects back
 * with a code, Quarkus exchanges it for tokens, and the page renders with the user's roles from
 * the ID token.
 */
@QuarkusTest
class CodeFlowLoginTest {

    @TestHTTPResource("/tenants")
    URL tenantsPage;

    @Test
    void loginThroughTheIdentityProviderReachesTheTenantsPage() throws Exception {
        try (WebClient browser = new WebClient()) {
            browser.setCssErrorHandler(new SilentCssErrorHandler());
            browser.getOptions().setJavaScriptEnabled(false);
            browser.getOptions().setRedirectEnabled(true);

            HtmlPage login = browser.getPage(tenantsPage);
            assertTrue(login.getUrl().toString().contains("/realms/quarkus"), "expected the provider's login page, got " + login.getUrl());
            HtmlForm form = login.getForms().get(0);
            form.getInputByName("username").type("alice");
            form.getInputByName("password").type("alice");
            HtmlPage tenants = form.getInputByValue("login").click();

            assertEquals(200, tenants.getWebResponse().getStatusCode());
            assertTrue(tenants.getUrl().getPath().endsWith("/tenants"), tenants.getUrl().toString());
            String html = tenants.asXml();
            assertTrue(html.contains("Tenants"), html);
            // alice's ID token carries the operator role (see the surefire configuration): she may create tenants
            assertTrue(html.contains("/tenants/new"), html);
            assertTrue(html.contains("alice"), html);

            // the session cookie carries her through the next page without another login
            HtmlPage dashboard = browser.getPage(new URL(tenantsPage, "/"));
            assertEquals(200, dashboard.getWebResponse().getStatusCode());
            assertTrue(dashboard.asXml().contains("Dashboard"));
        }
    }
}

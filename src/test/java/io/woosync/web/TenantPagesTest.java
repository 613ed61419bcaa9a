package io.woosync.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.woosync.TestTokens;
import io.woosync.tenant.TenantApiTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class TenantPagesTest {

    static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createThroughTheFormThenEditPauseAndResume() {
        String slug = slug("form");
        PageSession session = PageSession.open(TestTokens.operator(), "/tenants/new");
        Response created = session.post("/tenants", "slug", slug, "name", "Form <Shop> & Co",
                "wooStoreUrl", "https://shop.example.com", "wooConsumerKey", TenantApiTest.CK,
                "wooConsumerSecret", TenantApiTest.CS, "wooWebhookSecret", TenantApiTest.WHS,
                "odooUrl", "https://erp.example.com", "odooDatabase", "shop", "odooLogin", "admin",
                "odooApiKey", TenantApiTest.ODOO_KEY);
        assertEquals(303, created.statusCode(), created.asString());
        assertTrue(created.header("Location").endsWith("/tenants/" + slug + "?notice=created"));

        String detail = given().auth().oauth2(TestTokens.operator()).get("/tenants/" + slug + "?notice=created")
                .then().statusCode(200).extract().asString();
        assertTrue(detail.contains("Tenant created."));
        // The name is escaped, never injected as markup.
        assertTrue(detail.contains("Form &lt;Shop&gt; &amp; Co"), detail);
        assertFalse(detail.contains("<Shop>"));
        TenantApiTest.assertNoSecrets(detail);
        assertTrue(detail.contains("…4567"));

        String edit = given().auth().oauth2(TestTokens.tenantAdmin(slug)).get("/tenants/" + slug + "/edit")
                .then().statusCode(200).extract().asString();
        TenantApiTest.assertNoSecrets(edit);

        Response saved = session.as(TestTokens.tenantAdmin(slug)).post("/tenants/" + slug, "name", "Renamed",
                "wooStoreUrl", "https://shop.example.com", "odooUrl", "https://erp.example.com",
                "odooDatabase", "shop2", "odooLogin", "admin", "wooConsumerKey", "", "odooApiKey", "");
        assertEquals(303, saved.statusCode(), saved.asString());
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").get("/api/tenants/" + slug)
                .then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Renamed"))
                .body("odooDatabase", org.hamcrest.Matchers.equalTo("shop2"))
                .body("odooApiKeyHint", org.hamcrest.Matchers.equalTo("…8c9d"));

        assertEquals(303, session.as(TestTokens.tenantAdmin(slug)).post("/tenants/" + slug + "/pause").statusCode());
        given().auth().oauth2(TestTokens.viewer(slug)).get("/tenants/" + slug)
                .then().statusCode(200).body(containsString("status-paused"));
        assertEquals(303, session.as(TestTokens.tenantAdmin(slug)).post("/tenants/" + slug + "/resume").statusCode());
        given().auth().oauth2(TestTokens.viewer(slug)).get("/tenants/" + slug)
                .then().statusCode(200).body(containsString("status-active"))
                // a viewer gets no edit controls
                .body(not(containsString("/tenants/" + slug + "/edit")));
    }

    @Test
    void blankOptionalFieldsAreNotErrors() {
        // A browser posts every input, the empty ones as "": that means "not given", not "invalid".
        String slug = slug("blank");
        Response created = PageSession.open(TestTokens.operator(), "/tenants/new").post("/tenants", "slug", slug,
                "name", "Blank fields", "wooStoreUrl", "", "wooConsumerKey", "", "wooConsumerSecret", "",
                "wooWebhookSecret", "", "odooUrl", "  ", "odooDatabase", "", "odooLogin", "", "odooApiKey", "");
        assertEquals(303, created.statusCode(), created.asString());
        given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + slug).then().statusCode(200)
                .body("wooStoreUrl", org.hamcrest.Matchers.nullValue())
                .body("odooApiKeyHint", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void validationMessagesAppearBesideTheFields() {
        PageSession session = PageSession.open(TestTokens.operator(), "/tenants/new");
        Response response = session.post("/tenants", "slug", "Not OK!", "name", "",
                "wooStoreUrl", "shop.example.com", "wooConsumerKey", "secret-looking-value");
        assertEquals(400, response.statusCode());
        String html = response.asString();
        assertTrue(html.contains("id=\"slug-error\""), html);
        assertTrue(html.contains("id=\"name-error\""));
        assertTrue(html.contains("id=\"wooStoreUrl-error\""));
        assertTrue(html.contains("id=\"wooConsumerKey-error\""));
        assertFalse(html.contains("id=\"odooUrl-error\""));
        // What the user typed is kept, except secrets, which are never echoed.
        assertTrue(html.contains("value=\"shop.example.com\""));
        assertFalse(html.contains("secret-looking-value"));
    }

    @Test
    void duplicateSlugIsShownOnTheForm() {
        String slug = slug("twice");
        TenantApiTest.createTenant(slug);
        Response response = PageSession.open(TestTokens.operator(), "/tenants/new")
                .post("/tenants", "slug", slug, "name", "Again");
        assertEquals(409, response.statusCode());
        assertTrue(response.asString().contains("already exists"));
    }

    @Test
    void formPostWithoutTheCsrfTokenIsRejectedAndChangesNothing() {
        String slug = slug("csrf");
        given().auth().oauth2(TestTokens.operator()).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("slug", slug).formParam("name", "No token")
                .post("/tenants")
                .then().statusCode(400);
        PageSession session = PageSession.open(TestTokens.operator(), "/tenants/new");
        // a token that does not match the cookie is rejected too
        given().auth().oauth2(TestTokens.operator()).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded")
                .cookie("woosync-csrf", session.csrfCookie)
                .formParam("csrf-token", "forged" + session.csrfToken.substring(6))
                .formParam("slug", slug).formParam("name", "Forged token")
                .post("/tenants")
                .then().statusCode(400);
        given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + slug).then().statusCode(404);
    }

    @Test
    void unknownTenantPageIsAnHtml404() {
        given().auth().oauth2(TestTokens.operator()).get("/tenants/no-such-tenant")
                .then().statusCode(404).contentType(containsString("text/html")).body(containsString("Not found"));
    }

    @Test
    void dashboardListsOnlyTheUsersTenants() {
        String mine = slug("mine");
        String theirs = slug("theirs");
        TenantApiTest.createTenant(mine);
        TenantApiTest.createTenant(theirs);
        String html = given().auth().oauth2(TestTokens.viewer(mine)).get("/")
                .then().statusCode(200).extract().asString();
        assertTrue(html.contains(mine));
        assertFalse(html.contains(theirs));
        given().auth().oauth2(TestTokens.viewer(mine)).get("/api/tenants")
                .then().statusCode(200).body("slug", org.hamcrest.Matchers.contains(mine));
    }
}

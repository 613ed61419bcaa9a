package io.woosync.web;

import io.quarkus.test.junit.QuarkusTest;
import io.woosync.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** The dev login is compiled into dev builds only: any other build has neither its page nor its cookie check. */
@QuarkusTest
class DevLoginAbsentTest {

    @Test
    void thereIsNoDevLoginPageOutsideDevMode() {
        given().auth().oauth2(TestTokens.operator()).get("/dev-login").then().statusCode(404);
        given().auth().oauth2(TestTokens.operator()).contentType("application/x-www-form-urlencoded")
                .formParam("name", "mallory").formParam("role", "operator")
                .post("/dev-login").then().statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(400))
                        .or(org.hamcrest.Matchers.is(404)).or(org.hamcrest.Matchers.is(405)));
    }

    @Test
    void aDevLoginCookieAuthenticatesNobody() {
        given().redirects().follow(false).cookie("woosync-dev-login", "bWFsbG9yeXxvcGVyYXRvcnw.forged")
                .get("/tenants").then().statusCode(302).header("Location", containsString("/realms/quarkus"));
        given().cookie("woosync-dev-login", "bWFsbG9yeXxvcGVyYXRvcnw.forged")
                .get("/api/tenants").then().statusCode(401);
    }
}

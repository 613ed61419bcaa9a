package io.woosync.queue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.woosync.queue.QueueTestSupport.createTenant;
import static io.woosync.queue.QueueTestSupport.tenantId;
import static io.woosync.queue.QueueTestSupport.uniqueSlug;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** The jobs admin API: roles, tenant scoping, list by state, retry and cancel. */
@QuarkusTest
@TestProfile(QueueTestProfile.class)
class JobResourceTest {

    @Inject
    JobQueue queue;
    @Inject
    JobWorker worker;
    @Inject
    HandlerScript script;
    @Inject
    AgroalDataSource ds;

    String slug;
    long tenant;

    @BeforeEach
    void tenant() {
        QueueTestSupport.quiesce(ds);
        worker.reopen();
        slug = uniqueSlug("api");
        createTenant(slug, "test-secret");
        tenant = tenantId(ds, slug);
    }

    @Test
    void listRetryAndCancelWithRolesAndTenantScope() {
        script.set("order", "9001", HandlerScript.Behaviour.PERMANENT);
        long blocked = queue.enqueue(tenant, "order", "9001", JobTrigger.webhook, null).jobId();
        worker.execute(worker.claim(1).get(0));
        long waiting = queue.enqueue(tenant, "product", "11", JobTrigger.webhook, null).jobId();

        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/jobs?state=blocked")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo((int) blocked))
                .body("[0].lastError", org.hamcrest.Matchers.containsString("TSHIRT-M-BLK"));
        given().auth().oauth2(TestTokens.finance(slug)).get("/api/tenants/" + slug + "/jobs")
                .then().statusCode(200).body("id", hasItem((int) waiting));
        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/jobs/" + blocked + "/log")
                .then().statusCode(200).body("[0].status", equalTo("failed")).body("[0].syncType", equalTo("order"));
        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/jobs?state=nonsense").then().statusCode(400);

        // read-only roles cannot act; other tenants' users and jobs are invisible
        given().auth().oauth2(TestTokens.viewer(slug)).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/jobs/" + blocked + "/retry").then().statusCode(403);
        given().auth().oauth2(TestTokens.tenantAdmin("someone-else")).get("/api/tenants/" + slug + "/jobs").then().statusCode(404);
        given().auth().oauth2(TestTokens.tenantAdmin("someone-else")).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/jobs/" + blocked + "/retry").then().statusCode(404);
        String other = uniqueSlug("api-other");
        createTenant(other, "test-secret");
        given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + other + "/jobs/" + blocked).then().statusCode(404);
        given().get("/api/tenants/" + slug + "/jobs").then().statusCode(401);

        // the tenant admin fixes the data and retries; cancels the other
        script.set("order", "9001", HandlerScript.Behaviour.SUCCEED);
        given().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/jobs/" + blocked + "/retry")
                .then().statusCode(200).body("state", equalTo("available")).body("trigger", equalTo("manual"));
        given().auth().oauth2(TestTokens.tenantAdmin(slug)).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/jobs/" + waiting + "/cancel")
                .then().statusCode(200).body("state", equalTo("cancelled"));
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .post("/api/tenants/" + slug + "/jobs/" + waiting + "/cancel")
                .then().statusCode(409).body("status", equalTo(409));
        worker.execute(worker.claim(1).get(0));
        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/jobs?state=blocked")
                .then().statusCode(200).body("id", not(hasItem((int) blocked)));
        given().auth().oauth2(TestTokens.viewer(slug)).get("/api/tenants/" + slug + "/sync-log")
                .then().statusCode(200).body("[0].status", equalTo("success")).body("[0].triggeredBy", equalTo("tom-admin"));
    }
}

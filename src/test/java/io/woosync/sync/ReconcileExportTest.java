package io.woosync.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.woosync.TestTokens;
import io.woosync.queue.JobQueue;
import io.woosync.queue.JobWorker;
import io.woosync.sync.SyncHarness.Tenant;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Finance's export of the orders whose Odoo totals differ from WooCommerce's: synced orders that agree
 * are not listed; an invoice that totals otherwise in Odoo is, with both figures; finance may export,
 * viewers may not; bad dates are a 400.
 */
@QuarkusTest
class ReconcileExportTest extends WithSyncHarness {

    @Inject JobQueue queue;
    @Inject JobWorker worker;
    @Inject DataSource ds;
    @Inject SyncStore store;

    static String csv(Tenant t, String token, LocalDate from, LocalDate to, int status) {
        Response r = given().auth().oauth2(token).queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/api/tenants/" + t.slug() + "/reconcile/differences.csv");
        assertEquals(status, r.statusCode(), r.asString());
        return r.asString();
    }

    @Test
    void ordersWhoseOdooTotalsDifferAreListedForFinance() {
        Tenant t = h.tenant("reconcile", store, ds);
        ObjectNode agree = h.addOrder("049-order_create_for_delete", x -> SyncHarness.paid(x, "stripe", "Stripe", h.txn("pi_rec_1")));
        ObjectNode differ = h.addOrder("049-order_create_for_delete", x -> SyncHarness.paid(x, "stripe", "Stripe", h.txn("pi_rec_2")));
        for (ObjectNode o : List.of(agree, differ)) {
            assertEquals(JobWorker.Outcome.completed, SyncHarness.sync(queue, worker, ds, t, o.path("id").asLong()));
        }
        LocalDate day = LocalDate.parse(agree.path("date_created_gmt").asText().substring(0, 10));
        String finance = TestTokens.finance(t.slug());

        assertEquals("woo_order_id,order_number,currency,woo_total,odoo_sale_order_id,odoo_sale_order_total,odoo_invoice_id,"
                + "odoo_invoice_total,difference,finding\r\n", csv(t, finance, day, day, 200), "both orders agree with Odoo");

        // The tenant page offers the export (a GET form; empty dates mean this month) to finance, not to viewers.
        String page = given().auth().oauth2(finance).get("/tenants/" + t.slug()).then().statusCode(200).extract().asString();
        assertTrue(page.contains("action=\"/api/tenants/" + t.slug() + "/reconcile/differences.csv\""), page);
        assertTrue(!given().auth().oauth2(TestTokens.viewer(t.slug())).get("/tenants/" + t.slug()).then().statusCode(200).extract()
                .asString().contains("reconcile-export"));
        assertEquals(200, given().auth().oauth2(finance).queryParam("from", "").queryParam("to", "")
                .get("/api/tenants/" + t.slug() + "/reconcile/differences.csv").statusCode(), "the form's empty dates");

        Assumptions.assumeTrue(h.odoo.isStandIn(), "changing a posted invoice's total needs the stand-in");
        long id = differ.path("id").asLong();
        long invoice = SyncHarness.bound(store, t, "invoice_" + id);
        long order = SyncHarness.bound(store, t, "order_" + id);
        h.odoo.update("account.move", invoice, Map.of("amount_total", 13.54));
        String out = csv(t, finance, day.minusDays(3), day.plusDays(3), 200);
        assertEquals(2, out.split("\r\n").length, out);
        assertTrue(out.endsWith(id + "," + id + ",USD,13.53," + order + ",13.53," + invoice + ",13.54,0.01,Order #" + id
                + ": WooCommerce charged 13.53 USD; invoice " + invoice + " (posted) totals 13.54.\r\n"), out);
        assertEquals(out, csv(t, TestTokens.operator(), day, day, 200));
        assertEquals("woo_order_id,order_number,currency,woo_total,odoo_sale_order_id,odoo_sale_order_total,odoo_invoice_id,"
                + "odoo_invoice_total,difference,finding\r\n", csv(t, finance, day.plusDays(1), day.plusDays(2), 200), "another period");

        csv(t, TestTokens.viewer(t.slug()), day, day, 403);
        csv(t, finance, day, day.minusDays(1), 400);
        csv(t, finance, day.minusDays(400), day, 400);
        assertEquals(400, given().auth().oauth2(finance).queryParam("from", "27/11/2026")
                .get("/api/tenants/" + t.slug() + "/reconcile/differences.csv").statusCode());
        assertEquals(404, given().auth().oauth2(TestTokens.finance("someone-else"))
                .get("/api/tenants/" + t.slug() + "/reconcile/differences.csv").statusCode());
    }
}

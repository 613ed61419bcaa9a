package io.woosync.odoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.tenant.TenantConnections;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract suite against a real Odoo, when the environment names one (see docs/testing.md):
 * {@code WOOSYNC_ODOO_URL}, {@code WOOSYNC_ODOO_DB}, {@code WOOSYNC_ODOO_LOGIN}, {@code WOOSYNC_ODOO_API_KEY}.
 * It replays the transcript of the server's major version (and on 19 the JSON-2 one too), comparing
 * shapes only (a real database holds other data), then runs the connection test through the
 * gateway. It creates products, partners, orders, invoices and payments: use a throwaway database.
 */
class RealOdooContractTest {

    private static TenantConnections.Odoo target() {
        var odoo = RealOdooEnvironment.connection("real-odoo");
        assumeTrue(odoo.isPresent(), RealOdooEnvironment.URL + " is not set: no real Odoo to test against");
        return odoo.get();
    }

    @Test
    void transcriptsReplayOnTheRealOdoo() throws Exception {
        TenantConnections.Odoo odoo = target();
        OdooGateway gateway = new OdooGateway(new TestOdooConfig(), Clock.systemUTC(), new ObjectMapper(), d -> Thread.sleep(d.toMillis()));
        int major = gateway.version(odoo).major();
        assumeTrue(major >= 16 && major <= 19, "transcripts exist for Odoo 16 to 19, not " + major);
        var target = new TranscriptReplay.Target(odoo.url(), odoo.database(), odoo.login(), odoo.apiKey());
        List<String> differences = new TranscriptReplay(target, false).replay(TranscriptReplay.load("odoo" + major + "-order-workflow.jsonl"));
        if (major == 19) {
            differences = new java.util.ArrayList<>(differences);
            differences.addAll(new TranscriptReplay(target, false).replay(TranscriptReplay.load("odoo19-order-workflow-json2.jsonl")));
        }
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    @Test
    void theConnectionTestPassesOnTheRealOdoo() {
        TenantConnections.Odoo odoo = target();
        TestOdooConfig config = new TestOdooConfig();
        OdooGateway gateway = new OdooGateway(config, Clock.systemUTC(), new ObjectMapper(), d -> Thread.sleep(d.toMillis()));
        ConnectionReport report = new OdooConnectionCheck(gateway, config, Clock.systemUTC()).run(odoo, ConnectionTestOptions.DEFAULTS);
        report.checks().forEach(c -> System.out.println(c.status() + "  " + c.check() + ": " + c.message()));
        assertEquals(ConnectionReport.Status.pass, report.overall() == ConnectionReport.Status.warn ? ConnectionReport.Status.pass : report.overall(),
                report.checks().toString());
    }

    // Two price-included taxes made through the API (where Odoo's form onchange does not tick "Affect Base of
    // Subsequent Taxes"), one with it ticked: only that one is flagged, read from the real field.
    @Test
    void aTaxThatAffectsTheBaseOfTheNextIsFlaggedOnTheRealOdoo() {
        TenantConnections.Odoo odoo = target();
        TestOdooConfig config = new TestOdooConfig();
        OdooGateway gateway = new OdooGateway(config, Clock.systemUTC(), new ObjectMapper(), d -> Thread.sleep(d.toMillis()));
        int major = gateway.version(odoo).major();
        String inclusion = major >= 18 ? "price_include_override" : "price_include";
        Object included = major >= 18 ? "tax_included" : Boolean.TRUE;
        String run = Long.toString(System.currentTimeMillis());
        long plain = gateway.create(odoo, "account.tax", Map.of("name", "WooSync GST 5% incl. " + run, "amount", 5.0,
                "amount_type", "percent", "type_tax_use", "sale", inclusion, included));
        long compounding = gateway.create(odoo, "account.tax", Map.of("name", "WooSync PST 7% incl. " + run, "amount", 7.0,
                "amount_type", "percent", "type_tax_use", "sale", inclusion, included, "include_base_amount", true));
        var expected = new OdooExpectations(major, null, null, null, null, null, null, List.of(
                new OdooExpectations.ExpectedTax("WooCommerce rate 4", plain, new BigDecimal("5"), "INCLUDED"),
                new OdooExpectations.ExpectedTax("WooCommerce rate 5", compounding, new BigDecimal("7"), "INCLUDED")));
        ConnectionReport report = new OdooConnectionCheck(gateway, config, Clock.systemUTC())
                .run(odoo, new ConnectionTestOptions(true, null, null, expected));
        assertEquals(ConnectionReport.Status.pass, check(report, "settings").status(), report.checks().toString());
        assertNull(check(report, "settings: tax " + plain + " base"));
        assertEquals(ConnectionReport.Status.warn, check(report, "settings: tax " + compounding + " base").status());
    }

    private static ConnectionReport.Check check(ConnectionReport report, String name) {
        return report.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElse(null);
    }
}

package io.woosync.odoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.tenant.TenantConnections;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}

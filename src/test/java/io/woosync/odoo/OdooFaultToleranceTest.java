package io.woosync.odoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.SyncFailure;
import io.woosync.odoo.standin.Fault;
import io.woosync.odoo.standin.StandInOdoo;
import io.woosync.tenant.TenantConnections;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-tenant fault tolerance against the stand-in's injected faults. Retries wait through a
 * recording sleeper and the breaker reads a hand-moved clock: nothing here sleeps.
 */
class OdooFaultToleranceTest {

    private final TestOdooConfig config = new TestOdooConfig();
    private final TestOdooConfig.MutableClock clock = new TestOdooConfig.MutableClock();
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final OdooGateway gateway = new OdooGateway(config, clock, new ObjectMapper(), sleeps::add);

    @Test
    void theBreakerOpensForOneTenantWithoutTouchingAnother() {
        try (StandInOdoo sick = StandInOdoo.start(17); StandInOdoo healthy = StandInOdoo.start(17)) {
            TenantConnections.Odoo a = sick.connection("tenant-a");
            TenantConnections.Odoo b = healthy.connection("tenant-b");
            gateway.search(a, "res.partner", List.of(), 1);
            gateway.search(b, "res.partner", List.of(), 1);

            sick.injectAlways("res.partner", "search", Fault.httpStatus(502));
            OdooException first = assertThrows(OdooException.class, () -> gateway.search(a, "res.partner", List.of(), 1));
            assertEquals(OdooException.Fault.HTTP_STATUS, first.fault());
            assertEquals(SyncFailure.Kind.CONNECTION, first.kind());
            assertEquals(3, sick.calls("res.partner", "search") - 1, "one call and two retries, each a failure");
            assertEquals("OPEN", gateway.breakerState("tenant-a"), "3 consecutive failures open the breaker");

            OdooException rejected = assertThrows(OdooException.class, () -> gateway.search(a, "res.partner", List.of(), 1));
            assertEquals(OdooException.Fault.CIRCUIT_OPEN, rejected.fault());
            assertTrue(rejected.retryable(), "the queue retries it later");
            assertEquals("Odoo calls for tenant tenant-a are paused for 30 s after 3 failures in a row reaching " + sick.url()
                    + "; WooSync retries automatically.", rejected.adminMessage());
            assertEquals(4, sick.calls("res.partner", "search"), "an open breaker does not call Odoo");

            // The other tenant is untouched.
            assertEquals(List.of(1L), gateway.search(b, "res.partner", List.of(List.of("name", "=", "My Company")), 1));
            assertEquals("CLOSED", gateway.breakerState("tenant-b"));

            // After the open period one probe goes through; it succeeds and the breaker closes.
            sick.clearFaults();
            clock.advance(Duration.ofSeconds(31));
            assertEquals("HALF_OPEN", gateway.breakerState("tenant-a"));
            gateway.search(a, "res.partner", List.of(), 1);
            assertEquals("CLOSED", gateway.breakerState("tenant-a"));
        }
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() {
        try (StandInOdoo sick = StandInOdoo.start(18)) {
            TenantConnections.Odoo a = sick.connection("tenant-a");
            gateway.version(a);
            config.maxRetries = 0;
            sick.injectAlways("*", "*", Fault.httpStatus(503));
            for (int i = 0; i < 3; i++) {
                assertThrows(OdooException.class, () -> gateway.search(a, "res.partner", List.of(), 1));
            }
            assertEquals("OPEN", gateway.breakerState("tenant-a"));
            clock.advance(Duration.ofSeconds(30));
            OdooException probe = assertThrows(OdooException.class, () -> gateway.search(a, "res.partner", List.of(), 1));
            assertEquals(OdooException.Fault.HTTP_STATUS, probe.fault(), "the probe reached Odoo");
            assertEquals("OPEN", gateway.breakerState("tenant-a"));
            assertEquals(OdooException.Fault.CIRCUIT_OPEN,
                    assertThrows(OdooException.class, () -> gateway.search(a, "res.partner", List.of(), 1)).fault());
        }
    }

    @Test
    void onlyTransientFaultsAreRetriedWithGrowingDelays() {
        config.failureThreshold = 20;
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            TenantConnections.Odoo conn = odoo.connection("shop");
            gateway.version(conn);

            // A read survives two transient faults; the delays double.
            odoo.inject("res.partner", "search_read", Fault.httpStatus(502), 2);
            assertEquals(1, gateway.searchRead(conn, "res.partner", List.of(List.of("id", "=", 1)), List.of("name"), null).size());
            assertEquals(3, odoo.calls("res.partner", "search_read"));
            assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), sleeps);

            // A serialization failure was rolled back by Odoo: even a create is retried.
            sleeps.clear();
            odoo.inject("res.partner", "create", Fault.serializationFailure());
            long id = gateway.create(conn, "res.partner", Map.of("name", "Jane"));
            assertEquals(2, odoo.calls("res.partner", "create"));
            assertEquals(1, odoo.records("res.partner").stream().filter(r -> "Jane".equals(r.get("name"))).count());
            assertTrue(id > 0);

            // A validation error is the data's fault: no retry.
            assertThrows(OdooException.class, () -> gateway.create(conn, "res.partner", Map.of("email", "x@example.test")));
            assertEquals(3, odoo.calls("res.partner", "create"));

            // A 502 on a create is ambiguous (the proxy may have passed it on): not repeated blindly.
            odoo.inject("res.partner", "create", Fault.httpStatus(502));
            OdooException ambiguous = assertThrows(OdooException.class, () -> gateway.create(conn, "res.partner", Map.of("name", "Joe")));
            assertTrue(ambiguous.ambiguous());
            assertEquals(4, odoo.calls("res.partner", "create"));

            // Refused connections are transient and were never applied: retried until the budget is spent.
            sleeps.clear();
            odoo.down();
            OdooException down = assertThrows(OdooException.class, () -> gateway.create(conn, "res.partner", Map.of("name", "Joe")));
            assertEquals(OdooException.Fault.NOT_CONNECTED, down.fault());
            assertFalse(down.ambiguous());
            assertEquals("Odoo at " + odoo.url() + " refused the connection for create on res.partner; WooSync retries automatically, "
                    + "check that Odoo is running if this persists.", down.adminMessage());
            assertEquals(2, sleeps.size(), "two retries");
            odoo.up();
        }
    }

    @Test
    void backoffIsCappedAndJittered() {
        config.jitter = 0.5;
        config.initialDelay = Duration.ofMillis(100);
        config.maxDelay = Duration.ofMillis(300);
        TenantGuards guards = new TenantGuards(config, clock, d -> { });
        for (int i = 0; i < 50; i++) {
            long d0 = guards.backoff(0).toMillis();
            long d3 = guards.backoff(3).toMillis();
            assertTrue(d0 >= 50 && d0 <= 100, "retry 1 waits 50-100 ms, was " + d0);
            assertTrue(d3 >= 150 && d3 <= 300, "retry 4 is capped at 300 ms, was " + d3);
        }
    }

    @Test
    void everyCallIsBoundedByTheCallTimeout() {
        config.callTimeout = Duration.ofMillis(300);
        config.maxRetries = 1;
        OdooGateway gateway = new OdooGateway(config, clock, new ObjectMapper(), sleeps::add);
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            TenantConnections.Odoo conn = odoo.connection("shop");
            gateway.version(conn);
            odoo.injectAlways("sale.order", "search_read", Fault.delay(Duration.ofMinutes(10)));
            OdooException e = assertThrows(OdooException.class, () -> gateway.searchRead(conn, "sale.order", List.of(), List.of("name"), null));
            assertEquals(OdooException.Fault.TIMEOUT, e.fault());
            assertEquals(SyncFailure.Kind.CONNECTION, e.kind());
            assertEquals("Odoo at " + odoo.url() + " did not answer search_read on sale.order within 0.3 s; WooSync checks whether it "
                    + "took effect and retries automatically.", e.adminMessage());
            assertEquals(2, odoo.calls("sale.order", "search_read"), "a read is retried after a timeout");

        }
    }

    @Test
    void aTimedOutCreateIsReadBackNotRepeated() {
        config.callTimeout = Duration.ofMillis(300);
        OdooGateway gateway = new OdooGateway(config, clock, new ObjectMapper(), sleeps::add);
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            TenantConnections.Odoo conn = odoo.connection("shop-a");
            long partner = gateway.create(conn, "res.partner", Map.of("name", "Jane"));
            odoo.inject("sale.order", "create", Fault.delayAfterCommit(Duration.ofMinutes(10)));

            OdooGateway.Binding b = gateway.createWithExternalId(conn, "sale.order", "order_1054", order(partner, "WOO-1054"),
                    List.of(List.of("client_order_ref", "=", "WOO-1054")));

            assertEquals(1, odoo.calls("sale.order", "create"), "the create was sent once");
            assertEquals(1, odoo.records("sale.order").size());
            assertEquals(b.id(), odoo.records("sale.order").get(0).get("id"));
            assertEquals(b.id(), gateway.findExternalId(conn, "order_1054").orElseThrow().resId());
        }
    }

    @Test
    void aCreateWhoseConnectionDroppedIsReadBackAndSentAgainOnlyWhenItWasLost() {
        try (StandInOdoo odoo = StandInOdoo.start(19)) {
            TenantConnections.Odoo conn = odoo.connection("shop-a");
            long partner = gateway.create(conn, "res.partner", Map.of("name", "Jane"));

            odoo.inject("sale.order", "create", Fault.dropAfterCommit());
            OdooGateway.Binding applied = gateway.createWithExternalId(conn, "sale.order", "order_1", order(partner, "WOO-1"),
                    List.of(List.of("client_order_ref", "=", "WOO-1")));
            assertEquals(1, odoo.calls("sale.order", "create"));

            odoo.inject("sale.order", "create", Fault.drop());
            OdooGateway.Binding lost = gateway.createWithExternalId(conn, "sale.order", "order_2", order(partner, "WOO-2"),
                    List.of(List.of("client_order_ref", "=", "WOO-2")));
            assertEquals(3, odoo.calls("sale.order", "create"), "the lost create was sent again after reading back nothing");

            assertEquals(2, odoo.records("sale.order").size());
            assertTrue(applied.created() && lost.created());
            assertEquals(2, odoo.records("ir.model.data").size());
        }
    }

    @Test
    void theBulkheadCapsConcurrentCallsPerTenant() throws Exception {
        config.maxConcurrent = 1;
        config.maxWait = Duration.ofMillis(100);
        config.callTimeout = Duration.ofSeconds(30);
        OdooGateway gateway = new OdooGateway(config, clock, new ObjectMapper(), sleeps::add);
        try (StandInOdoo odoo = StandInOdoo.start(17); StandInOdoo other = StandInOdoo.start(17)) {
            TenantConnections.Odoo conn = odoo.connection("busy");
            gateway.version(conn);
            odoo.inject("sale.order", "search_read", Fault.delay(Duration.ofMinutes(10)));
            CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> gateway.searchRead(conn, "sale.order", List.of(), List.of("name"), null));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (odoo.calls("sale.order", "search_read") == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            OdooException full = assertThrows(OdooException.class, () -> gateway.search(conn, "res.partner", List.of(), 1));
            assertEquals(OdooException.Fault.BULKHEAD_FULL, full.fault());
            assertEquals(0, odoo.calls("res.partner", "search"));
            // Another tenant has its own bulkhead.
            assertEquals(1, gateway.search(other.connection("calm"), "res.partner", List.of(), 1).size());
            // Closing the stand-in releases the delayed call, which then ends either way.
            odoo.close();
            slow.handle((r, e) -> null).join();
        }
    }

    private static Map<String, Object> order(long partner, String ref) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("partner_id", partner);
        o.put("client_order_ref", ref);
        o.put("order_line", List.of());
        return o;
    }
}

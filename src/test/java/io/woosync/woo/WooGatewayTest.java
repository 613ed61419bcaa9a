package io.woosync.woo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.woosync.SyncFailure;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;
import io.woosync.woo.standin.StandInWooCommerce;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST client against the stand-in store: auth styles, fresh state, paging, and every failure kind with its sentence. */
@QuarkusTest
class WooGatewayTest {

    static StandInWooCommerce store;
    static StandInWooCommerce httpsStore;

    @Inject
    WooGateway gateway;
    @Inject
    TenantService tenants;
    @Inject
    StoreBreakers breakers;

    @BeforeAll
    static void startStores() {
        store = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS);
        httpsStore = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS).servesHttps(true);
    }

    @AfterAll
    static void stopStores() {
        store.close();
        httpsStore.close();
    }

    private TenantConnections.Woo tenantOn(StandInWooCommerce s, String prefix) {
        String slug = WooTestTenants.create(WooTestTenants.slug(prefix), s.url());
        return WooTestTenants.woo(tenants, slug);
    }

    @Test
    void freshOrderOverPlainHttpIsSignedWithOAuth1AndCarriesRefundsAndCustomer() {
        TenantConnections.Woo woo = tenantOn(store, "fresh");
        store.clearRequests();
        WooGateway.FreshOrder fresh = gateway.freshOrder(woo, 17);
        assertEquals(StandInWooCommerce.fixture("044-order_get_after_refund"), fresh.order());
        assertEquals(1, fresh.refunds().size());
        assertEquals(18, fresh.refunds().get(0).path("id").asInt());
        assertTrue(fresh.refunds().get(0).path("line_items").size() > 0, "refund lines come with the refund");
        assertEquals("jane.doe@example.test", fresh.customer().path("email").asText());
        assertEquals("2026-11-27T22:11:42Z", fresh.dateModifiedGmt().toString());
        List<StandInWooCommerce.RecordedRequest> calls = store.requests();
        assertEquals(List.of("/wp-json/wc/v3/orders/17", "/wp-json/wc/v3/orders/17/refunds", "/wp-json/wc/v3/customers/2"),
                calls.stream().map(StandInWooCommerce.RecordedRequest::path).toList());
        assertTrue(calls.stream().allMatch(r -> r.authStyle().equals("oauth1") && r.status() == 200), calls.toString());

        // a guest order (customer_id 0) without refunds costs one call
        store.clearRequests();
        WooGateway.FreshOrder guest = gateway.freshOrder(woo, 19);
        assertNull(guest.customer());
        assertEquals(List.of(), guest.refunds());
        assertEquals(1, store.requests().size());

        // a refund added later shows up with its lines at the next fresh read
        long fresh2 = store.addOrder(null).path("id").asLong();
        com.fasterxml.jackson.databind.node.ArrayNode lines = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        lines.addObject().put("id", 900).put("product_id", 11).put("quantity", -1).put("total", "-11.25");
        store.addRefund(fresh2, "12.18", "broken", lines);
        WooGateway.FreshOrder refunded = gateway.freshOrder(woo, fresh2);
        assertEquals(1, refunded.refunds().size());
        assertEquals("12.18", refunded.refunds().get(0).path("amount").asText());
        assertEquals(-1, refunded.refunds().get(0).path("line_items").get(0).path("quantity").asInt());

        // products and variations
        assertEquals("MUG-001", gateway.productOrVariation(woo, 11, 0).path("sku").asText());
        assertEquals("TEE-M", gateway.productOrVariation(woo, 12, 14).path("sku").asText());
    }

    @Test
    void pagesAcrossSeveralPagesWithWpTotalHeaders() {
        TenantConnections.Woo woo = tenantOn(store, "paging");
        for (int i = 0; i < 5; i++) {
            store.addOrder(null);
        }
        int expected = store.orderIds().size();
        store.clearRequests();
        WooGateway.Page first = gateway.page(woo, "orders", Map.of("orderby", "id", "order", "asc"), 1);
        assertEquals(3, first.items().size()); // per-page is 3 in the test profile
        assertEquals(expected, first.total());
        assertEquals((expected + 2) / 3, first.totalPages());
        List<JsonNode> all = gateway.listAll(woo, "orders", Map.of("orderby", "id", "order", "asc"), 100);
        assertEquals(store.orderIds(), all.stream().map(o -> o.path("id").asLong()).toList());
        List<String> pages = store.requests().stream().skip(1).map(r -> r.query().get("page") + "/" + r.query().get("per_page")).toList();
        assertEquals(first.totalPages(), pages.size(), "stops after X-WP-TotalPages");
        assertEquals("1/3", pages.get(0));
        assertEquals(first.totalPages() + "/3", pages.get(pages.size() - 1));
    }

    @Test
    void basicAndQueryAuthWhenWordPressSeesHttps() {
        String slug = WooTestTenants.create(WooTestTenants.slug("basic"), httpsStore.url());
        TenantConnections.Woo woo = WooTestTenants.woo(tenants, slug);
        WooTestTenants.authStyle(slug, "basic");
        httpsStore.clearRequests();
        assertEquals(17, gateway.order(woo, 17).path("id").asInt());
        assertEquals("basic", httpsStore.requests().get(0).authStyle());
        WooTestTenants.authStyle(slug, "query");
        assertEquals(17, gateway.order(woo, 17).path("id").asInt());
        assertEquals("query", httpsStore.requests().get(1).authStyle());
        // OAuth 1.0a is still accepted when WordPress sees HTTPS (WooCommerce falls back to it)
        WooTestTenants.authStyle(slug, "oauth1");
        assertEquals(17, gateway.order(woo, 17).path("id").asInt());
        assertEquals("oauth1", httpsStore.requests().get(2).authStyle());
    }

    @Test
    void wrongSecretIsAConfigurationProblemNamingTheKeyByItsLastFourCharacters() {
        String slug = WooTestTenants.create(WooTestTenants.slug("badkey"), store.url(), WooTestTenants.CK,
                "cs_00000000000000000000000000000000000000ff");
        WooException e = assertThrows(WooException.class, () -> gateway.order(WooTestTenants.woo(tenants, slug), 17));
        assertEquals(WooException.Reason.UNAUTHORIZED, e.reason());
        assertEquals(SyncFailure.Kind.CONFIGURATION, e.kind());
        assertFalse(e.retryable());
        assertTrue(e.adminMessage().contains("consumer key …4567"), e.adminMessage());
        assertTrue(e.adminMessage().contains("Invalid signature - provided signature does not match."), e.adminMessage());
        assertTrue(e.adminMessage().contains("Read/Write"), e.adminMessage());
        assertFalse(e.adminMessage().contains(WooTestTenants.CK), "never the whole key");
        assertFalse(e.adminMessage().contains("cs_"), "never the secret");
    }

    @Test
    void readOnlyKeyCannotWrite() {
        try (StandInWooCommerce readOnly = StandInWooCommerce.start(WooTestTenants.CK, WooTestTenants.CS).permissions("read")) {
            TenantConnections.Woo woo = tenantOn(readOnly, "readonly");
            assertEquals(17, gateway.order(woo, 17).path("id").asInt());
            WooException e = assertThrows(WooException.class, () -> gateway.updateOrderMeta(woo, 17, Map.of("_woosync_status", "synced")));
            assertEquals(SyncFailure.Kind.CONFIGURATION, e.kind());
            assertTrue(e.adminMessage().contains("does not have write permissions"), e.adminMessage());
        }
    }

    @Test
    void missingRecordIsGoneDataNotAnError() {
        TenantConnections.Woo woo = tenantOn(store, "gone");
        WooException e = assertThrows(WooException.class, () -> gateway.order(woo, 999999));
        assertTrue(e.recordGone());
        assertEquals(SyncFailure.Kind.DATA, e.kind());
        assertEquals(404, e.httpStatus());
        assertEquals("woocommerce_rest_shop_order_invalid_id", e.wooCode());
        assertTrue(e.adminMessage().startsWith("Order 999999 no longer exists in WooCommerce"), e.adminMessage());
    }

    @Test
    void serverErrorsAreRetriedThenAConnectionProblem() {
        TenantConnections.Woo woo = tenantOn(store, "fivexx");
        store.clearRequests();
        store.failNext(503, 1);
        assertEquals(17, gateway.order(woo, 17).path("id").asInt(), "one transient failure is absorbed by the retry");
        assertEquals(List.of(503, 200), store.requests().stream().map(StandInWooCommerce.RecordedRequest::status).toList());

        store.failNext(500, 2);
        WooException e = assertThrows(WooException.class, () -> gateway.order(woo, 17));
        assertEquals(WooException.Reason.SERVER_ERROR, e.reason());
        assertEquals(SyncFailure.Kind.CONNECTION, e.kind());
        assertTrue(e.retryable());
        assertTrue(e.adminMessage().contains("failed with HTTP 500") && e.adminMessage().contains("order 17"), e.adminMessage());

        store.failNext(429, 2);
        WooException limited = assertThrows(WooException.class, () -> gateway.order(woo, 17));
        assertEquals(WooException.Reason.RATE_LIMITED, limited.reason());
        assertEquals(SyncFailure.Kind.CONNECTION, limited.kind());
        assertTrue(limited.adminMessage().contains("rate limiting"), limited.adminMessage());
    }

    @Test
    void noAnswerInTimeIsATimeout() {
        TenantConnections.Woo woo = tenantOn(store, "slow");
        store.hangNext(2);
        WooException e = assertThrows(WooException.class, () -> gateway.order(woo, 17));
        assertEquals(WooException.Reason.TIMEOUT, e.reason());
        assertEquals(SyncFailure.Kind.CONNECTION, e.kind());
        assertTrue(e.adminMessage().contains("did not answer GET order 17 within 1500 ms"), e.adminMessage());
    }

    @Test
    void unreachableStoreIsAConnectionProblemAndOpensTheTenantsBreaker() {
        String slug = WooTestTenants.create(WooTestTenants.slug("down"), "http://127.0.0.1:9");
        TenantConnections.Woo woo = WooTestTenants.woo(tenants, slug);
        for (int i = 0; i < 3; i++) {
            WooException e = assertThrows(WooException.class, () -> gateway.order(woo, 17));
            assertEquals(WooException.Reason.UNREACHABLE, e.reason());
            assertEquals(SyncFailure.Kind.CONNECTION, e.kind());
            assertTrue(e.adminMessage().contains("could not be reached"), e.adminMessage());
        }
        assertEquals(StoreBreakers.State.OPEN, breakers.state(slug));
        WooException open = assertThrows(WooException.class, () -> gateway.order(woo, 17));
        assertEquals(WooException.Reason.BREAKER_OPEN, open.reason());
        assertEquals(SyncFailure.Kind.CONNECTION, open.kind());
        assertTrue(open.adminMessage().contains("are paused until"), open.adminMessage());
        // another tenant's store is not affected
        assertEquals(17, gateway.order(tenantOn(store, "healthy"), 17).path("id").asInt());
    }

    @Test
    void answersThatAreNotWooCommerceAreConfigurationProblems() {
        TenantConnections.Woo woo = tenantOn(store, "html");
        store.answerHtmlNext(200);
        WooException html = assertThrows(WooException.class, () -> gateway.order(woo, 17));
        assertEquals(WooException.Reason.NOT_JSON, html.reason());
        assertEquals(SyncFailure.Kind.CONFIGURATION, html.kind());
        assertTrue(html.adminMessage().contains("text/html"), html.adminMessage());

        WooException noRoute = assertThrows(WooException.class, () -> gateway.get(woo, "no-such-endpoint", Map.of()));
        assertEquals(WooException.Reason.NO_API, noRoute.reason());
        assertEquals(SyncFailure.Kind.CONFIGURATION, noRoute.kind());
        assertTrue(noRoute.adminMessage().contains("rest_no_route"), noRoute.adminMessage());

        String slug = WooTestTenants.create(WooTestTenants.slug("subdir"), store.url() + "/shop");
        WooException wrongUrl = assertThrows(WooException.class, () -> gateway.order(WooTestTenants.woo(tenants, slug), 17));
        assertEquals(WooException.Reason.NOT_JSON, wrongUrl.reason());
        assertTrue(wrongUrl.adminMessage().contains("WordPress home URL"), wrongUrl.adminMessage());

        WooException rejected = assertThrows(WooException.class, () -> gateway.get(woo, "orders", Map.of("per_page", "500")));
        assertEquals(WooException.Reason.REJECTED, rejected.reason());
        assertEquals(SyncFailure.Kind.DATA, rejected.kind());
        assertTrue(rejected.adminMessage().contains("rest_invalid_param"), rejected.adminMessage());
    }
}

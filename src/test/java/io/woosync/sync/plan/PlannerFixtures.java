package io.woosync.sync.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.order.WooOrderParser;
import io.woosync.sync.order.WooRefund;
import io.woosync.sync.plan.ResolvedLookups.ProductMatch;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real WooCommerce payloads (copied under src/test/resources/fixtures) and a tenant configured like
 * the fixture store: one CA 8.25 % rate mapped to Odoo tax 1 (and its price-included twin 2), the
 * fixture SKUs present once in Odoo, journals for four payment methods.
 */
final class PlannerFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    static final OdooTax CA_TAX = OdooTax.excluded(1, "CA 8.25%", "8.25");
    static final OdooTax CA_TAX_INCLUDED = OdooTax.included(2, "CA 8.25% incl.", "8.25");

    static final long MUG = 101, TEE_S = 113, TEE_M = 114, TEE_L = 115;
    static final long SHIPPING = 900, FEE = 901, REFUND = 902, ROUNDING = 903, DISCOUNT = 904;
    static final long BANK_JOURNAL = 6, CASH_JOURNAL = 7, STRIPE_JOURNAL = 10, PAYPAL_JOURNAL = 11;

    private PlannerFixtures() {
    }

    static ObjectNode json(String path) {
        try (InputStream in = PlannerFixtures.class.getResourceAsStream("/fixtures/woocommerce/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode jsonArray(String path) {
        try (InputStream in = PlannerFixtures.class.getResourceAsStream("/fixtures/woocommerce/" + path)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Order 17: paid by bank transfer, mug ×2 + variation TEE-M, 10 % coupon, flat-rate shipping, CA tax, B2B billing. */
    static ObjectNode paidOrder() {
        return json("rest/036-order_get_after_create.json");
    }

    /** Order 19: guest, cash on delivery, pending, TEE-L ×3 + shipping. */
    static ObjectNode guestPendingOrder() {
        return json("rest/045-order_create_pending_guest.json");
    }

    /** Order 21: Store API checkout, cash on delivery, processing unpaid, 15 % coupon. */
    static ObjectNode storeApiOrder() {
        return json("rest/073-order_get_storeapi_checkout.json");
    }

    /** Order 20: one simple product (mug), guest, pending, no shipping. */
    static ObjectNode simpleOrder() {
        return json("rest/049-order_create_for_delete.json");
    }

    static List<WooRefund> refundsOf17() {
        return WooOrderParser.parseRefunds(jsonArray("rest/041-order_refunds_list.json"));
    }

    static WooOrder order(ObjectNode json) {
        return WooOrderParser.parseOrder(json);
    }

    static ObjectNode paid(ObjectNode o, String method, String title, String txn) {
        o.put("status", "processing");
        o.put("payment_method", method);
        o.put("payment_method_title", title);
        o.put("transaction_id", txn);
        o.put("date_paid", "2026-11-27T22:11:18");
        o.put("date_paid_gmt", "2026-11-27T22:11:18");
        return o;
    }

    static SyncSettings settings() {
        return SyncSettings.defaults().toBuilder()
                .taxRate(1, CA_TAX, CA_TAX_INCLUDED)
                .paymentJournal("bacs", BANK_JOURNAL, null)
                .paymentJournal("cod", CASH_JOURNAL, null)
                .paymentJournal("stripe", STRIPE_JOURNAL, 21L)
                .paymentJournal("ppcp-gateway", PAYPAL_JOURNAL, 22L)
                .build();
    }

    static Map<String, List<ProductMatch>> catalog() {
        Map<String, List<ProductMatch>> m = new LinkedHashMap<>();
        m.put("MUG-001", List.of(new ProductMatch(MUG, "MUG-001")));
        m.put("TEE-S", List.of(new ProductMatch(TEE_S, "TEE-S")));
        m.put("TEE-M", List.of(new ProductMatch(TEE_M, "TEE-M")));
        m.put("TEE-L", List.of(new ProductMatch(TEE_L, "TEE-L")));
        m.put("SHIPPING", List.of(new ProductMatch(SHIPPING, "SHIPPING")));
        m.put("FEE", List.of(new ProductMatch(FEE, "FEE")));
        m.put("REFUND", List.of(new ProductMatch(REFUND, "REFUND")));
        m.put("ROUNDING", List.of(new ProductMatch(ROUNDING, "ROUNDING")));
        m.put("DISCOUNT", List.of(new ProductMatch(DISCOUNT, "DISCOUNT")));
        return m;
    }

    static ResolvedLookups lookups() {
        return lookups(catalog());
    }

    static ResolvedLookups lookups(Map<String, List<ProductMatch>> products) {
        return new ResolvedLookups(products, null, List.of(), List.of(), List.of(), Map.of("US", 233L), Map.of("US-CA", 13L));
    }

    static ResolvedLookups withPartners(ResolvedLookups l, Long bound, List<ResolvedLookups.PartnerRecord> byEmail,
                                        List<ResolvedLookups.PartnerRecord> companies) {
        return new ResolvedLookups(l.productsByCode(), bound, byEmail, companies, l.childAddresses(), l.countryIds(), l.stateIds());
    }

    /** Bindings where the given steps are done, each bound to a made-up record id. */
    static OrderBindings done(List<OrderLine> lines, String... keys) {
        Map<String, Long> records = new LinkedHashMap<>();
        long n = 500;
        for (String k : keys) {
            records.put(k, n++);
        }
        Set<String> done = new LinkedHashSet<>(Arrays.asList(keys));
        return new OrderBindings(records, done, lines);
    }

    static Plan plan(WooOrder order) {
        return plan(order, List.of(), lookups(), settings(), OrderBindings.none());
    }

    static Plan plan(WooOrder order, List<WooRefund> refunds, ResolvedLookups lookups, SyncSettings settings, OrderBindings b) {
        return OrderPlanner.plan(new OrderPlanner.PlanInput(order, refunds, lookups, settings, b));
    }

    /** All keys of a plan's steps, in order. */
    static List<String> keys(Plan p) {
        return p.steps().stream().map(PlanStep::key).toList();
    }

    static List<String> ops(Plan p) {
        return p.steps().stream().map(s -> s.getClass().getSimpleName()).toList();
    }

    static ArrayNode array(ObjectNode o, String field) {
        return (ArrayNode) o.get(field);
    }
}

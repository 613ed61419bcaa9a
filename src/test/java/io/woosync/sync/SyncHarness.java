package io.woosync.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.woosync.TestTokens;
import io.woosync.queue.ClaimedJob;
import io.woosync.queue.JobQueue;
import io.woosync.queue.JobTrigger;
import io.woosync.queue.JobWorker;
import io.woosync.queue.QueueTestSupport;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.woo.standin.StandInWooCommerce;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The Odoo under test ({@link OdooUnderTest}: a stand-in Odoo 17, or the real Odoo the environment names)
 * and one stand-in WooCommerce with the catalogue of the captured WooCommerce fixtures (MUG-001, the
 * TEE-S/M/L variations, service products), and per test a tenant pointing at both with its sync settings.
 * Drives the queue worker directly: enqueue, claim, execute.
 *
 * <p>Master data is ensured, not blindly created: products by {@code default_code}, the two 8.25 % sales
 * taxes by name, the Stripe/PayPal bank journals by code, the bank and cash journals by type — so that
 * reruns on one real database reuse them. On a real Odoo the stand-in store's ids start at a per-run
 * number, so order numbers (the sales order's {@code client_order_ref}, memos) never meet earlier runs'.
 *
 * <p>Tests read Odoo through {@link #record}, {@link #recordsWhere}, {@link #search}, {@link #count},
 * {@link #payments} (version-aware reference field); stand-in-only setup through {@code h.odoo.standIn()}
 * (skips the test on a real Odoo).
 */
final class SyncHarness implements AutoCloseable {

    static final String CK = "ck_0123456789abcdef0123456789abcdef01234567";
    static final String CS = "cs_fedcba9876543210fedcba9876543210fedcba98";
    static final ObjectMapper JSON = new ObjectMapper();

    final OdooUnderTest odoo;
    final StandInWooCommerce woo;
    final Map<String, Long> products = new LinkedHashMap<>();
    final long taxExcluded;
    final long taxIncluded;
    final long bankJournal;
    final long cashJournal;
    final long stripeJournal;
    final long paypalJournal;
    private final String runSuffix = Long.toString(System.currentTimeMillis(), 36);

    SyncHarness() {
        this(17);
    }

    /**
     * The same on a stand-in of Odoo {@code odooVersion} (16-19; 19 over JSON-2), or on the real Odoo
     * of the env vars whatever the version asked. 19's default chart has no Cash journal (one is made).
     */
    SyncHarness(int odooVersion) {
        odoo = OdooUnderTest.start(odooVersion);
        woo = StandInWooCommerce.start(CK, CS);
        if (!odoo.isStandIn()) {
            // Tenths of a second since 2020: each run's orders and refunds get numbers no earlier run used.
            woo.startIdsAt((System.currentTimeMillis() - 1_577_836_800_000L) / 100);
        }
        for (String sku : List.of("MUG-001", "TEE-S", "TEE-M", "TEE-L")) {
            products.put(sku, ensureProduct(sku, "consu"));
        }
        for (String sku : List.of("SHIPPING", "FEE", "REFUND", "ROUNDING", "DISCOUNT")) {
            products.put(sku, ensureProduct(sku, "service"));
        }
        taxExcluded = ensureTax("CA 8.25%", false);
        taxIncluded = ensureTax("CA 8.25% incl.", true);
        bankJournal = journal(List.of(List.of("type", "=", "bank"), List.of("code", "=", "BNK1")), "bank journal BNK1");
        cashJournal = ensureCashJournal();
        stripeJournal = ensureJournal("Stripe", "STRP");
        paypalJournal = ensureJournal("PayPal", "PYPL");
    }

    /**
     * A payment transaction id for a test: {@code base} on the stand-in; on a real Odoo {@code base} plus
     * this run's suffix, since earlier runs' payments in the same database carry the same references.
     */
    String txn(String base) {
        return odoo.isStandIn() ? base : base + "-" + runSuffix;
    }

    /** A new product with this SKU (even if one exists: the duplicate-SKU scenario needs two). */
    long product(String sku, String type) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", "Product " + sku);
        v.put("default_code", sku);
        v.put("type", type);
        if (odoo.major() <= 17) {
            v.put("detailed_type", type); // 18 dropped it (type consu|service|combo, plus is_storable)
        }
        v.put("list_price", 10.0);
        v.put("invoice_policy", "order");
        v.put("active", true);
        return odoo.seed("product.product", v);
    }

    /** The product with this SKU, created if there is none. */
    long ensureProduct(String sku, String type) {
        Long found = odoo.find("product.product", List.of(List.of("default_code", "=", sku)));
        return found != null ? found : product(sku, type);
    }

    private long ensureTax(String name, boolean included) {
        Long found = odoo.find("account.tax", List.of(List.of("name", "=", name), List.of("type_tax_use", "=", "sale"),
                List.of("amount", "=", 8.25)));
        if (found != null) {
            return found;
        }
        Map<String, Object> v = new HashMap<>(Map.of("name", name, "amount", 8.25, "amount_type", "percent", "type_tax_use", "sale",
                "active", true));
        if (odoo.major() >= 18) {
            // 18 made price_include a computed field; its per-tax setting is price_include_override.
            v.put("price_include_override", included ? "tax_included" : "tax_excluded");
        } else {
            v.put("price_include", included);
        }
        return odoo.seed("account.tax", v);
    }

    private long journal(List<?> domain, String what) {
        Long found = odoo.find("account.journal", domain);
        if (found == null && domain.size() > 1) {
            found = odoo.find("account.journal", domain.subList(0, 1));
        }
        if (found == null) {
            throw new IllegalStateException("Odoo database " + odoo.database() + " has no " + what + ": install a chart of accounts");
        }
        return found;
    }

    private long ensureCashJournal() {
        Long found = odoo.find("account.journal", List.of(List.of("type", "=", "cash")));
        return found != null ? found : odoo.seed("account.journal", Map.of("name", "Cash", "code", "CSH1", "type", "cash", "active", true));
    }

    private long ensureJournal(String name, String code) {
        Long found = odoo.find("account.journal", List.of(List.of("code", "=", code)));
        return found != null ? found : odoo.seed("account.journal", Map.of("name", name, "code", code, "type", "bank", "active", true));
    }

    SyncSettings settings() {
        return SyncSettings.defaults().toBuilder()
                .taxRate(1, OdooTax.excluded(taxExcluded, "CA 8.25%", "8.25"), OdooTax.included(taxIncluded, "CA 8.25% incl.", "8.25"))
                .paymentJournal("bacs", bankJournal, null)
                .paymentJournal("cod", cashJournal, null)
                .paymentJournal("stripe", stripeJournal, null)
                .paymentJournal("ppcp-gateway", paypalJournal, null)
                .build();
    }

    /** A tenant pointing at both stand-ins, with {@link #settings()}; returns its id. */
    Tenant tenant(String prefix, SyncStore store, DataSource ds) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>();
        body.put("slug", slug);
        body.put("name", "Shop " + slug);
        body.put("wooStoreUrl", woo.url());
        body.put("wooConsumerKey", CK);
        body.put("wooConsumerSecret", CS);
        body.put("wooWebhookSecret", "test-secret");
        body.put("odooUrl", odoo.url());
        body.put("odooDatabase", odoo.database());
        body.put("odooLogin", odoo.login());
        body.put("odooApiKey", odoo.apiKey());
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/api/tenants").then().log().ifValidationFails().statusCode(201);
        long id = QueueTestSupport.tenantId(ds, slug);
        store.saveSettings(id, settings(), Instant.now());
        return new Tenant(id, slug);
    }

    record Tenant(long id, String slug) {
    }

    @Override
    public void close() {
        odoo.close();
        woo.close();
    }

    // ---- WooCommerce orders --------------------------------------------------------------------

    static ObjectNode fixture(String name) {
        try (InputStream in = SyncHarness.class.getResourceAsStream("/fixtures/woocommerce/rest/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new order in the stand-in store with the content of a captured order (its own fresh id). */
    ObjectNode addOrder(String fixture, Consumer<ObjectNode> change) {
        ObjectNode content = fixture(fixture);
        return woo.addOrder(o -> {
            long id = o.path("id").asLong();
            String created = o.path("date_modified_gmt").asText();
            o.removeAll();
            o.setAll(content);
            o.put("id", id);
            o.put("number", Long.toString(id));
            o.putArray("refunds");
            o.putArray("meta_data");
            o.put("date_modified", created);
            o.put("date_modified_gmt", created);
            if (change != null) {
                change.accept(o);
            }
        });
    }

    static void paid(ObjectNode o, String method, String title, String txn) {
        o.put("status", "processing");
        o.put("payment_method", method);
        o.put("payment_method_title", title);
        o.put("transaction_id", txn);
        o.put("date_paid", "2026-11-27T22:11:18");
        o.put("date_paid_gmt", "2026-11-27T22:11:18");
    }

    // ---- queue ---------------------------------------------------------------------------------

    /** Enqueues the order's job as a webhook would and runs it in this thread. */
    static JobWorker.Outcome sync(JobQueue queue, JobWorker worker, DataSource ds, Tenant t, long orderId) {
        QueueTestSupport.quiesce(ds);
        long jobId = queue.enqueue(t.id(), "order", Long.toString(orderId), JobTrigger.webhook, null).jobId();
        return runJob(worker, jobId);
    }

    static JobWorker.Outcome runJob(JobWorker worker, long jobId) {
        List<ClaimedJob> claimed = worker.claim(10);
        JobWorker.Outcome outcome = null;
        for (ClaimedJob job : claimed) {
            JobWorker.Outcome o = worker.execute(job);
            if (job.id() == jobId) {
                outcome = o;
            }
        }
        if (outcome == null) {
            throw new AssertionError("job " + jobId + " was not claimable; claimed " + claimed);
        }
        return outcome;
    }

    static long jobOf(DataSource ds, Tenant t, long orderId) {
        return QueueTestSupport.queryLong(ds, "select max(id) from queue_job where tenant_id = ? and resource_type = 'order' and resource_id = ?",
                t.id(), Long.toString(orderId));
    }

    static String jobState(DataSource ds, long jobId) {
        return (String) QueueTestSupport.rows(ds, "select state from queue_job where id = ?", jobId).get(0).get("state");
    }

    static String jobError(DataSource ds, long jobId) {
        return (String) QueueTestSupport.rows(ds, "select last_error from queue_job where id = ?", jobId).get(0).get("last_error");
    }

    // ---- Odoo ------------------------------------------------------------------------------------

    /** The Odoo id bound to a step key of the tenant, or null. */
    static Long bound(SyncStore store, Tenant t, String key) {
        return store.binding(t.id(), key).filter(SyncStore.Binding::done).map(SyncStore.Binding::odooId).orElse(null);
    }

    /** Creates an Odoo record for a test's setup (e.g. a partner that already exists in the shop's Odoo). */
    long seed(String model, Map<String, ?> vals) {
        return odoo.seed(model, vals);
    }

    /** One Odoo record with all its fields (many2one as id), or null. */
    Map<String, Object> record(String model, long id) {
        return odoo.record(model, id);
    }

    /** Every record of a model; on a real Odoo prefer {@link #recordsWhere} or {@link #search}. */
    List<Map<String, Object>> records(String model) {
        return odoo.records(model);
    }

    /** The records whose {@code field} equals {@code value} (a many2one compares by id). */
    List<Map<String, Object>> recordsWhere(String model, String field, Object value) {
        return odoo.search(model, List.of(List.of(field, "=", value)));
    }

    /** The records matching an Odoo domain, e.g. {@code List.of(List.of("move_type", "=", "out_invoice"))}. */
    List<Map<String, Object>> search(String model, List<?> domain) {
        return odoo.search(model, domain);
    }

    /** How many records of a model there are. */
    int count(String model) {
        return odoo.count(model, List.of());
    }

    /** Payments whose reference is {@code reference}: {@code ref} on Odoo 16–17, {@code memo} on 18+. */
    List<Map<String, Object>> payments(String reference) {
        return recordsWhere("account.payment", odoo.paymentReferenceField(), reference);
    }

    /** The external ids {@code module.name} (one expected per record WooSync created). */
    List<Map<String, Object>> externalIds(String module, String name) {
        return odoo.search("ir.model.data", List.of(List.of("module", "=", module), List.of("name", "=", name)));
    }

    /** The id of a state of a country by their codes (e.g. US, CA): ids differ between databases. */
    long stateId(String countryCode, String stateCode) {
        Long country = odoo.find("res.country", List.of(List.of("code", "=", countryCode)));
        Long state = odoo.find("res.country.state", List.of(List.of("code", "=", stateCode), List.of("country_id", "=", country)));
        if (state == null) {
            throw new IllegalStateException("no state " + countryCode + "-" + stateCode + " in Odoo");
        }
        return state;
    }

    /** The sales order line tax field of this Odoo version ({@code tax_id}, {@code tax_ids} on 19). */
    String lineTaxField() {
        return odoo.orderLineTaxField();
    }

    static BigDecimal money(Object v) {
        return new BigDecimal(String.valueOf(v)).setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal woo(JsonNode order, String field) {
        return new BigDecimal(order.path(field).asText()).setScale(2, RoundingMode.HALF_UP);
    }

    /** Odoo's untaxed/tax/total of a record equal WooCommerce's to the cent. */
    void assertTotals(JsonNode wooOrder, String model, long id) {
        Map<String, Object> r = record(model, id);
        BigDecimal total = woo(wooOrder, "total");
        BigDecimal tax = woo(wooOrder, "total_tax");
        assertEquals(total, money(r.get("amount_total")), model + " " + id + " total");
        assertEquals(tax, money(r.get("amount_tax")), model + " " + id + " tax");
        assertEquals(total.subtract(tax), money(r.get("amount_untaxed")), model + " " + id + " untaxed");
    }
}

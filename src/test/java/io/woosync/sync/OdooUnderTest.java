package io.woosync.sync;

import io.woosync.odoo.OdooVersion;
import io.woosync.odoo.RealOdooEnvironment;
import io.woosync.odoo.standin.StandInOdoo;
import java.util.List;
import java.util.Map;

/**
 * The Odoo a scenario test runs against: the stand-in (default) or, when the environment names one
 * ({@link RealOdooEnvironment}: {@code WOOSYNC_ODOO_URL} …), a real Odoo reached over JSON-RPC. Records
 * come back alike from both: many2one as the id ({@code Long}) or null, x2many as a list of ids,
 * empty text/date fields as null, booleans as booleans.
 *
 * <p>Setup and checks that only the stand-in can do (fault injection, call counts) go through
 * {@link #standIn()}, which skips the calling test on a real Odoo.
 */
interface OdooUnderTest extends AutoCloseable {

    /** A real Odoo when {@code WOOSYNC_ODOO_URL} is set, else a fresh stand-in of {@code standInVersion}. */
    static OdooUnderTest start(int standInVersion) {
        return RealOdooEnvironment.connection("scenarios")
                .<OdooUnderTest>map(RealOdooUnderTest::connect)
                .orElseGet(() -> new StandInOdooUnderTest(StandInOdoo.start(standInVersion)));
    }

    /** True for the stand-in. */
    boolean isStandIn();

    /** The stand-in; on a real Odoo the calling test is skipped ({@code Assumptions.assumeTrue}). */
    StandInOdoo standIn();

    /** The server's major version (16–19). */
    int major();

    default OdooVersion version() {
        return OdooVersion.of(major());
    }

    /** {@code ref} on 16–17, {@code memo} on 18+: where a payment's transaction id is stored. */
    default String paymentReferenceField() {
        return version().paymentReferenceField();
    }

    /** {@code tax_id} up to 18, {@code tax_ids} on 19: a sales order line's taxes. */
    default String orderLineTaxField() {
        return version().orderLineTaxField();
    }

    String url();

    String database();

    String login();

    String apiKey();

    /** Creates a record (test setup); on the stand-in not counted as a call. */
    long seed(String model, Map<String, ?> vals);

    /** Changes fields of an existing record, as someone fixing Odoo would. */
    void update(String model, long id, Map<String, ?> vals);

    /** One record with all its fields, or null. */
    Map<String, Object> record(String model, long id);

    /** The records matching an Odoo domain, in the model's order (archived ones only if the domain asks). */
    List<Map<String, Object>> search(String model, List<?> domain);

    /** How many records match the domain. */
    int count(String model, List<?> domain);

    /** Every record of a model. On a real Odoo prefer {@link #search}: real tables hold earlier runs' data. */
    default List<Map<String, Object>> records(String model) {
        return search(model, List.of());
    }

    /** The id of the first record matching the domain, or null. */
    default Long find(String model, List<?> domain) {
        List<Map<String, Object>> found = search(model, domain);
        return found.isEmpty() ? null : (Long) found.get(0).get("id");
    }

    /** Requests per {@code model.method} (stand-in only: skips the test on a real Odoo). */
    default Map<String, Integer> calls() {
        return standIn().calls();
    }

    /** Requests that reached {@code model.method} (stand-in only: skips the test on a real Odoo). */
    default int calls(String model, String method) {
        return standIn().calls(model, method);
    }

    /** Every call in order as {@code model.method} (stand-in only: skips the test on a real Odoo). */
    default List<String> callLog() {
        return standIn().callLog();
    }

    /** Forgets the counted calls (stand-in only: skips the test on a real Odoo). */
    default void resetCalls() {
        standIn().resetCalls();
    }

    /** Faults for the next {@code times} calls of {@code model.method} (stand-in only: skips the test on a real Odoo). */
    default void inject(String model, String method, io.woosync.odoo.standin.Fault fault, int times) {
        standIn().inject(model, method, fault, times);
    }

    /** A fault for the next call of {@code model.method} (stand-in only: skips the test on a real Odoo). */
    default void inject(String model, String method, io.woosync.odoo.standin.Fault fault) {
        standIn().inject(model, method, fault);
    }

    /** A fault at the {@code n}th call from now (stand-in only: skips the test on a real Odoo). */
    default void injectAtCall(int n, io.woosync.odoo.standin.Fault fault) {
        standIn().injectAtCall(n, fault);
    }

    /** Removes injected faults; nothing to do on a real Odoo (safe in {@code @AfterEach}). */
    default void clearFaults() {
        if (isStandIn()) {
            standIn().clearFaults();
        }
    }

    /** Total requests so far (stand-in only: skips the test on a real Odoo). */
    default int totalCalls() {
        return calls().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    void close();
}

package io.woosync.sync.plan;

import static io.woosync.sync.plan.PlannerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.sync.settings.SyncSettings.StatusRule;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real order WooCommerce sent or returned (webhook bodies and REST responses, lists included)
 * is planned with every status synced; Odoo's computed untaxed, tax and total equal WooCommerce's to
 * the cent, with no correction line, in both tax-rounding modes' common case (per line) — and the
 * plan's lines use the variation SKUs' products.
 */
class FixturePlanTest {

    static Stream<String> orderFixtures() throws IOException, URISyntaxException {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("rest", "webhooks")) {
            Path p = Path.of(FixturePlanTest.class.getResource("/fixtures/woocommerce/" + dir).toURI());
            try (Stream<Path> files = Files.list(p)) {
                // Order payloads only: the directory also holds pings (form bodies) and other resources.
                files.map(f -> dir + "/" + f.getFileName())
                        .filter(n -> n.endsWith(".json") || (n.endsWith(".body") && n.contains("order")))
                        .filter(n -> !n.endsWith(".meta.json") && !n.endsWith(".headers.json")).sorted()
                        .forEach(n -> {
                            JsonNode j = jsonArray(n);
                            if (j.isArray()) {
                                for (int i = 0; i < j.size(); i++) {
                                    if (j.get(i).has("line_items") && j.get(i).has("status")) {
                                        out.add(n + "#" + i);
                                    }
                                }
                            } else if (j.has("line_items") && j.has("status")) {
                                out.add(n);
                            }
                        });
            }
        }
        return out.stream();
    }

    static ObjectNode load(String ref) {
        if (ref.contains("#")) {
            String[] parts = ref.split("#");
            return (ObjectNode) jsonArray(parts[0]).get(Integer.parseInt(parts[1]));
        }
        return json(ref);
    }

    @ParameterizedTest
    @MethodSource("orderFixtures")
    void everyRealOrderPlansToWooCommercesTotalsToTheCent(String ref) {
        WooOrder order = order(load(ref));
        SyncSettings.Builder all = settings().toBuilder();
        for (String st : List.of("pending", "processing", "completed", "on-hold", "cancelled", "refunded", "failed")) {
            all.statusRule(st, StatusRule.SYNC);
        }
        Plan plan = plan(order, List.of(), lookups(), all.build(), OrderBindings.none());
        assertEquals(Plan.Outcome.READY, plan.outcome(), () -> ref + ": " + plan.problems());
        PlanTotals t = plan.totals();
        assertEquals(order.total(), t.odooTotal(), ref + " total");
        assertEquals(order.totalTax(), t.odooTax(), ref + " tax");
        assertEquals(order.untaxedTotal(), t.odooUntaxed(), ref + " untaxed");
        assertEquals(0, t.correction().signum(), ref + " needs no correction line");
        var so = plan.step(PlanStep.CreateSaleOrder.class).orElseThrow();
        assertEquals(order.lineItems().size() + order.shippingLines().size(), so.lines().size());
        for (OrderLine l : so.lines()) {
            assertTrue(l.productId() != 12, "never the variable parent product");
        }
    }
}

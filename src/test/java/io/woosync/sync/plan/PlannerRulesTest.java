package io.woosync.sync.plan;

import static io.woosync.sync.plan.PlannerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.SyncFailure;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.plan.ResolvedLookups.ProductMatch;
import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Products, taxes, currency, Odoo versions and resuming: the rules around the seed's tables. */
class PlannerRulesTest {

    // Missing SKU: blocked with the seed's sentence, then completed once the product exists in Odoo.
    @Test
    void missingSkuBlocksThenCompletesAfterTheProductIsAdded() {
        ObjectNode j = paidOrder();
        ((ObjectNode) array(j, "line_items").get(1)).put("sku", "TSHIRT-M-BLK");
        j.put("number", "1054");
        WooOrder o = order(j);
        Plan blocked = plan(o);
        assertEquals(Plan.Outcome.BLOCKED, blocked.outcome());
        assertEquals(List.of("Order #1054 failed to sync because product SKU TSHIRT-M-BLK was not found in Odoo product.product → default_code"),
                blocked.problems().stream().map(PlanProblem::message).toList());
        assertEquals(SyncFailure.Kind.DATA, blocked.problems().get(0).kind());
        assertEquals("line_items[1].sku", blocked.problems().get(0).field());
        assertTrue(blocked.steps().isEmpty(), "nothing is created for a blocked order");
        assertTrue(OrderPlanner.lookupRequest(o, settings()).productCodes().contains("TSHIRT-M-BLK"));
        Map<String, List<ProductMatch>> catalog = new LinkedHashMap<>(catalog());
        catalog.put("TSHIRT-M-BLK", List.of(new ProductMatch(310, "TSHIRT-M-BLK")));
        Plan retried = plan(o, List.of(), lookups(catalog), settings(), OrderBindings.none());
        assertTrue(retried.isReady());
        assertTrue(retried.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines().stream().anyMatch(l -> l.productId() == 310));
    }

    // A product Odoo invoices on delivered quantities: blocked while the order would be invoiced before its
    // delivery; not once the delivery is done, nor while no invoice is due.
    @Test
    void aProductInvoicedOnDeliveryBlocksInvoicingBeforeTheDelivery() {
        Map<String, List<ProductMatch>> catalog = new LinkedHashMap<>(catalog());
        long teeM = catalog.get("TEE-M").get(0).id();
        catalog.put("TEE-M", List.of(new ProductMatch(teeM, "TEE-M", true)));
        WooOrder o = order(paid(paidOrder(), "stripe", "Credit card", "pi_9"));
        Plan p = plan(o, List.of(), lookups(catalog), settings(), OrderBindings.none());
        assertEquals(Plan.Outcome.BLOCKED, p.outcome());
        assertEquals(SyncFailure.Kind.CONFIGURATION, p.problems().get(0).kind());
        assertEquals("Order #17: product TEE-M is invoiced on delivered quantities in Odoo (product.template.invoice_policy = delivery), "
                + "but WooSync invoices the order before its delivery, so Odoo would leave it off the invoice; set the Invoicing Policy "
                + "to \"Ordered quantities\" in Odoo, then retry.", p.problems().get(0).message());
        OrderBindings delivered = done(plan(o).step(PlanStep.CreateSaleOrder.class).orElseThrow().lines(), "delivery_17");
        assertTrue(plan(o, List.of(), lookups(catalog), settings(), delivered).isReady());
        SyncSettings ordersOnly = settings().toBuilder().documents(SyncSettings.DocumentsMode.SALES_ORDER).build();
        assertTrue(plan(o, List.of(), lookups(catalog), ordersOnly, OrderBindings.none()).isReady());
    }

    // Duplicate SKU: blocked, never a guess.
    @Test
    void duplicateSkuBlocks() {
        Map<String, List<ProductMatch>> catalog = new LinkedHashMap<>(catalog());
        catalog.put("TEE-M", List.of(new ProductMatch(114, "TEE-M"), new ProductMatch(214, "TEE-M")));
        Plan p = plan(order(paidOrder()), List.of(), lookups(catalog), settings(), OrderBindings.none());
        assertEquals(Plan.Outcome.BLOCKED, p.outcome());
        assertEquals("Order #17 failed to sync because product SKU TEE-M matches 2 Odoo products (ids 114, 214) in "
                + "product.product → default_code; make the SKU unique in Odoo.", p.problems().get(0).message());
    }

    @Test
    void missingServiceProductIsAConfigurationProblem() {
        Map<String, List<ProductMatch>> catalog = new LinkedHashMap<>(catalog());
        catalog.remove("SHIPPING");
        Plan p = plan(order(paidOrder()), List.of(), lookups(catalog), settings(), OrderBindings.none());
        assertEquals(SyncFailure.Kind.CONFIGURATION, p.problems().get(0).kind());
        assertTrue(p.problems().get(0).message().contains("shipping product (default_code SHIPPING) was not found"));
    }

    // Resuming: a retry after a crash continues where the last attempt stopped, and never repeats a step.
    @Test
    void retryResumesAfterEachStep() {
        WooOrder o = order(paid(paidOrder(), "stripe", "Credit card", "pi_9"));
        Plan full = plan(o);
        List<String> keys = keys(full);
        assertEquals(List.of("company_acme-inc", "customer_2", "order_17", "confirm_17", "invoice_17", "post_invoice_17",
                "payment_17_pi_9"), keys);
        List<OrderLine> lines = full.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines();
        for (int done = 0; done <= keys.size(); done++) {
            Plan resumed = plan(o, List.of(), lookups(), settings(), done(lines, keys.subList(0, done).toArray(String[]::new)));
            assertEquals(keys.subList(done, keys.size()), keys(resumed), "after " + done + " steps");
        }
    }

    @Test
    void everyStepKeyIsUniqueAndStable() {
        WooOrder o = order(json("rest/044-order_get_after_refund.json"));
        Plan a = plan(o, refundsOf17(), lookups(), settings(), OrderBindings.none());
        Plan b = plan(o, refundsOf17(), lookups(), settings(), OrderBindings.none());
        assertEquals(keys(a), keys(b));
        assertEquals(keys(a).size(), keys(a).stream().distinct().count());
        assertTrue(keys(a).contains("refund_17_18"));
    }

    // Currency → pricelist; none → configuration problem, never a wrong price.
    @Test
    void foreignCurrencyNeedsAPricelist() {
        ObjectNode j = paidOrder();
        j.put("currency", "EUR");
        Plan blocked = plan(order(j));
        assertEquals(Plan.Outcome.BLOCKED, blocked.outcome());
        assertTrue(blocked.problems().get(0).message().contains("is in EUR but no Odoo pricelist is mapped for EUR"));
        Plan ok = plan(order(j), List.of(), lookups(), settings().toBuilder().pricelist("EUR", 4).build(), OrderBindings.none());
        assertEquals(4L, ok.step(PlanStep.CreateSaleOrder.class).orElseThrow().pricelistId());
        assertNull(plan(order(paidOrder())).step(PlanStep.CreateSaleOrder.class).orElseThrow().pricelistId());
    }

    // Taxes: unmapped rate and wrong rate are configuration problems naming the rate.
    @Test
    void unmappedTaxRateIsAConfigurationProblem() {
        SyncSettings noTaxes = SyncSettings.defaults().toBuilder().paymentJournal("bacs", 6, null).build();
        Plan p = plan(order(paidOrder()), List.of(), lookups(), noTaxes, OrderBindings.none());
        assertEquals(Plan.Outcome.BLOCKED, p.outcome());
        assertTrue(p.problems().get(0).message().contains("WooCommerce tax rate 1 (CA State Tax, 8.25 %) has no Odoo tax mapped"));
    }

    @Test
    void taxMappedToTheWrongRateIsAConfigurationProblem() {
        SyncSettings wrong = settings().toBuilder().taxRate(1, OdooTax.excluded(1, "15%", "15"), null).build();
        Plan p = plan(order(paidOrder()), List.of(), lookups(), wrong, OrderBindings.none());
        assertTrue(p.problems().stream().anyMatch(x -> x.message().contains("is 8.25 % but it is mapped to Odoo tax 1 (15%) of 15 %")));
    }

    @Test
    void compoundRatesAreRefused() {
        ObjectNode j = paidOrder();
        ((ObjectNode) array(j, "tax_lines").get(0)).put("compound", true);
        Plan p = plan(order(j));
        assertTrue(p.problems().stream().anyMatch(x -> x.message().contains("is compound")));
    }

    // Odoo 18 reads the company's tax-included setting; 19 renames the line tax field.
    @Test
    void odoo18CompanyPriceIncludeIsReadNotAssumed() {
        OdooTax followsCompany = new OdooTax(1, "8.25%", new BigDecimal("8.25"), OdooTax.PriceInclude.COMPANY_DEFAULT);
        SyncSettings s = settings().toBuilder().taxRate(1, followsCompany, CA_TAX_INCLUDED)
                .odoo(OdooFacts.defaults().withVersion(18).withCompanyPricesIncludeTax(true)).build();
        Plan p = plan(order(paidOrder()), List.of(), lookups(), s, OrderBindings.none());
        // With the company in tax-included mode, the "ordinary" tax is price-included: the plan uses gross prices.
        assertTrue(p.isReady(), () -> p.problems().toString());
        assertTrue(p.totals().totalsEqual(), () -> p.totals().toString());
        OrderLine mug = p.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines().get(0);
        assertTrue(mug.taxIds().contains(2L) || mug.taxIds().contains(1L));
        assertEquals("tax_id", p.step(PlanStep.CreateSaleOrder.class).orElseThrow().taxField());
        SyncSettings on19 = settings().toBuilder().odoo(OdooFacts.defaults().withVersion(19)).build();
        Plan p19 = plan(order(paidOrder()), List.of(), lookups(), on19, OrderBindings.none());
        assertEquals("tax_ids", p19.step(PlanStep.CreateSaleOrder.class).orElseThrow().taxField());
        assertTrue(p19.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines().get(0).saleOrderLineValues("tax_ids").containsKey("tax_ids"));
    }

    // Odoo-calculated taxes: lines carry no tax field; differences are recorded for reconciliation.
    @Test
    void odooCalculatedTaxesLeaveTaxesToOdoo() {
        SyncSettings s = settings().toBuilder().taxMode(SyncSettings.TaxMode.ODOO_CALCULATED).build();
        Plan p = plan(order(paidOrder()), List.of(), lookups(), s, OrderBindings.none());
        assertTrue(p.isReady());
        OrderLine mug = p.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines().get(0);
        assertNull(mug.taxIds());
        assertTrue(!mug.saleOrderLineValues("tax_id").containsKey("tax_id"));
        assertTrue(!p.totals().predictable());
        assertEquals(new BigDecimal("45.50"), p.totals().odooUntaxed());
    }

    // Rounding method: a store rounding at subtotal beside Odoo rounding globally still lands on Woo's total.
    @Test
    void globalRoundingOnBothSides() {
        List<WooTotalsSimulator.Item> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(new WooTotalsSimulator.Item("MUG-001", 11, new BigDecimal("1.05"), 1, List.of(1L)));
        }
        ObjectNode j = WooTotalsSimulator.order(70, false, Map.of(1L, new BigDecimal("15")), items, List.of(), null, List.of());
        // WooCommerce with round-at-subtotal: the rate's tax is round(3 × 0.1575) = 0.47, not 3 × 0.16.
        ((ObjectNode) array(j, "tax_lines").get(0)).put("tax_total", "0.47");
        j.put("cart_tax", "0.47").put("total_tax", "0.47").put("total", "3.62");
        SyncSettings s = settings().toBuilder().taxRate(1, OdooTax.excluded(1, "15%", "15"), OdooTax.included(2, "15% incl.", "15"))
                .odoo(OdooFacts.defaults().withTaxRounding(OdooFacts.TaxRounding.ROUND_GLOBALLY)).build();
        Plan p = plan(order(j), List.of(), lookups(), s, OrderBindings.none());
        assertTrue(p.totals().totalsEqual(), () -> p.totals() + " " + p.problems());
    }
}

package io.woosync.sync.plan;

import static io.woosync.sync.plan.PlannerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.plan.ResolvedLookups.ProductMatch;
import io.woosync.sync.plan.WooTotalsSimulator.Coupon;
import io.woosync.sync.plan.WooTotalsSimulator.Item;
import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated orders (1–4 lines, quantities 1–6, 2-decimal prices up to 600, percentage and fixed-cart
 * coupons, shipping, one or two tax rates per line, tax-inclusive and tax-exclusive stores) whose
 * WooCommerce totals are computed the way WooCommerce computes them ({@link WooTotalsSimulator});
 * each is planned, and Odoo's computed totals must equal WooCommerce's to the cent, or differ only by
 * a visible rounding-correction line within the tolerance (0.01 per line and rate). A rate's tax may
 * land a cent per line apart while the total agrees (two price-included rates on a line: Odoo takes the
 * first from the rounded net, WooCommerce from the gross); the planner must not block those.
 */
class PlanTotalsPropertyTest {

    static final BigDecimal[] RATES = {new BigDecimal("8.25"), new BigDecimal("20"), new BigDecimal("19"),
            new BigDecimal("7"), new BigDecimal("5"), new BigDecimal("15"), new BigDecimal("21"), new BigDecimal("13.5"),
            new BigDecimal("2.5"), new BigDecimal("9.975")};

    record Spec(boolean inclusive, BigDecimal rate1, BigDecimal rate2, List<Item> items, List<Coupon> coupons,
                BigDecimal shipping, int discountDigits) {
    }

    @Provide
    Arbitrary<Spec> orders() {
        Arbitrary<BigDecimal> price = Arbitraries.bigDecimals().between(new BigDecimal("0.10"), new BigDecimal("600.00")).ofScale(2);
        Arbitrary<List<Long>> rateSet = Arbitraries.of(List.of(1L), List.of(1L), List.of(2L), List.of(1L, 2L), List.of());
        Arbitrary<Item> item = Combinators.combine(Arbitraries.of("MUG-001", "TEE-S", "TEE-M", "TEE-L"), price,
                Arbitraries.integers().between(1, 6), rateSet).as((sku, p, q, r) -> new Item(sku, 11, p, q, r));
        Arbitrary<Coupon> coupon = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 60).map(p -> new Coupon("pct" + p, true, BigDecimal.valueOf(p))),
                Arbitraries.bigDecimals().between(new BigDecimal("0.50"), new BigDecimal("40.00")).ofScale(2)
                        .map(a -> new Coupon("fix" + a.toPlainString(), false, a)));
        return Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of(RATES),
                Arbitraries.of(RATES),
                item.list().ofMinSize(1).ofMaxSize(4),
                coupon.list().ofMaxSize(2).uniqueElements(Coupon::code),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("30.00")).ofScale(2).injectNull(0.2),
                Arbitraries.of(2, 4)).as(Spec::new);
    }

    @Property(tries = 1000)
    boolean planTotalsEqualWooTotalsOrDifferOnlyByAVisibleCorrection(@ForAll("orders") Spec spec) {
        checkedPlan(spec);
        return true;
    }

    /**
     * Found by CI (seed -8279807624677643693): 19 % and 13.5 % both price-included on two lines. Odoo takes
     * rate 1 from each line's rounded net, WooCommerce from the gross, so rate 1 lands a cent low on both
     * lines and rate 2 a cent high. The planner used to pick the exclusive encoding (smaller error, but a
     * cent off each line's total) and then block the order on rate 1's 0.02 against a tolerance of 0.01.
     */
    @Example
    void twoIncludedRatesOnTwoLinesKeepTheTotalWhileEachRateLandsACentApart() {
        Spec spec = new Spec(true, new BigDecimal("19"), new BigDecimal("13.5"),
                List.of(new Item("MUG-001", 11, new BigDecimal("48.37"), 5, List.of(1L, 2L)),
                        new Item("MUG-001", 11, new BigDecimal("52.13"), 5, List.of(1L, 2L))),
                List.of(new Coupon("fix8.19", false, new BigDecimal("8.19")), new Coupon("fix20.93", false, new BigDecimal("20.93"))),
                null, 2);
        Plan plan = checkedPlan(spec);
        PlanTotals t = plan.totals();
        assertEquals(new BigDecimal("473.38"), t.odooTotal());
        assertEquals(new BigDecimal("116.12"), t.odooTax());
        assertEquals(Map.of(1L, new BigDecimal("67.89"), 2L, new BigDecimal("48.23")), t.taxByRateWoo());
        assertEquals(Map.of(1L, new BigDecimal("67.87"), 2L, new BigDecimal("48.25")), t.taxByRateOdoo());
        assertEquals(0, t.correction().signum());
        assertTrue(t.correctionReason().contains("rate 1: WooCommerce 67.89, Odoo 67.87"), t.correctionReason());
        for (OrderLine l : plan.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines()) {
            assertEquals(List.of(2L, 4L), l.taxIds(), "the price-included twins: " + l);
        }
    }

    /**
     * Found by CI: an untaxed 5 × 595.96 line with a 0.53 coupon needs a 0.007 % discount; at Odoo's default
     * 2-digit "Discount" no price within ±2.00 and no discount give 2979.59 (the nearest is 2979.50). The
     * order used to block although the 0.09 has a known cause and no tax effect; now the correction line
     * carries it and the note says to raise the precision.
     */
    @Example
    void anUntaxedLineOdooCannotReachAtTwoDiscountDigitsIsCorrectedVisibly() {
        Spec spec = new Spec(true, new BigDecimal("8.25"), new BigDecimal("20"),
                List.of(new Item("MUG-001", 11, new BigDecimal("0.10"), 3, List.of(1L)),
                        new Item("MUG-001", 11, new BigDecimal("0.10"), 5, List.of(1L)),
                        new Item("MUG-001", 11, new BigDecimal("595.96"), 5, List.of())),
                List.of(new Coupon("fix0.53", false, new BigDecimal("0.53"))), null, 2);
        Plan plan = checkedPlan(spec);
        assertEquals(new BigDecimal("0.09"), plan.totals().correction());
        assertEquals(new BigDecimal("2980.07"), plan.totals().odooTotal());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("Line line_items:3: Odoo computes 2979.50")
                && n.contains("raise Odoo's \"Discount\" decimal precision to 4 digits")), () -> String.join("\n", plan.notes()));
    }

    private static Plan checkedPlan(Spec spec) {
        Map<Long, BigDecimal> rates = new LinkedHashMap<>();
        rates.put(1L, spec.rate1());
        rates.put(2L, spec.rate2());
        ObjectNode json = WooTotalsSimulator.order(9000, spec.inclusive(), rates, spec.items(), spec.coupons(), spec.shipping(),
                List.of(1L));
        WooOrder order = order(json);
        SyncSettings settings = settings().toBuilder()
                .taxRate(1, OdooTax.excluded(1, "r1", spec.rate1().toPlainString()), OdooTax.included(2, "r1 incl.", spec.rate1().toPlainString()))
                .taxRate(2, OdooTax.excluded(3, "r2", spec.rate2().toPlainString()), OdooTax.included(4, "r2 incl.", spec.rate2().toPlainString()))
                .odoo(OdooFacts.defaults().withDiscountDigits(spec.discountDigits()))
                .build();
        Map<String, List<ProductMatch>> catalog = new LinkedHashMap<>(catalog());
        Plan plan = plan(order, List.of(), lookups(catalog), settings, OrderBindings.none());
        if (plan.outcome() != Plan.Outcome.READY) {
            throw new AssertionError("not ready: " + plan.problems() + "\n" + json);
        }
        PlanTotals t = plan.totals();
        if (t.odooTotal().compareTo(order.total()) != 0) {
            throw new AssertionError("total " + t.odooTotal() + " != " + order.total() + "\n" + json);
        }
        List<OrderLine> lines = plan.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines();
        long taxedLineRates = lines.stream().mapToLong(l -> l.taxIds() == null ? 0 : l.taxIds().size()).sum();
        // Where no price and discount at Odoo's precisions give a line's untaxed amount (large line, tiny
        // coupon, 2-digit "Discount"), the correction also carries that miss, recomputed here independently.
        OdooTaxEngine engine = new OdooTaxEngine(settings.odoo());
        Map<String, BigDecimal> wooNet = new LinkedHashMap<>();
        order.lineItems().forEach(l -> wooNet.put("line_items:" + l.id(), l.total()));
        order.shippingLines().forEach(l -> wooNet.put("shipping_lines:" + l.id(), l.total()));
        BigDecimal misses = BigDecimal.ZERO;
        for (OrderLine l : lines) {
            if (wooNet.containsKey(l.source())) {
                BigDecimal odooNet = engine.line(l, Map.of(1L, settings.taxes().rates().get(1L).tax(), 2L,
                        settings.taxes().rates().get(1L).includedTwin(), 3L, settings.taxes().rates().get(2L).tax(), 4L,
                        settings.taxes().rates().get(2L).includedTwin())).subtotal();
                BigDecimal miss = odooNet.subtract(wooNet.get(l.source())).abs();
                misses = misses.add(miss);
                if (miss.signum() != 0) {
                    Statistics.label("unreachable line base").collect(settings.odoo().discountDigits() + "-digit discount");
                }
            }
        }
        BigDecimal tolerance = new BigDecimal("0.01").multiply(BigDecimal.valueOf(Math.max(1, taxedLineRates))).add(misses);
        boolean correctionLine = lines.stream().anyMatch(l -> l.kind() == OrderLine.Kind.ROUNDING);
        if (t.correction().signum() == 0) {
            boolean exact = t.totalsEqual();
            if (!exact && t.correctionReason() == null) {
                throw new AssertionError("split differs without a recorded reason: " + t + "\n" + json);
            }
            boolean ratesAgree = t.taxByRateWoo().equals(t.taxByRateOdoo());
            Statistics.label("result").collect(!exact ? "untaxed/tax split within tolerance"
                    : ratesAgree ? "exact" : "total exact, rates a cent apart");
            if (correctionLine) {
                throw new AssertionError("correction line without a correction");
            }
        } else {
            if (!correctionLine || t.correction().abs().compareTo(tolerance) > 0 || t.correctionReason() == null) {
                throw new AssertionError("correction " + t.correction() + " not visible or beyond tolerance\n" + json);
            }
            Statistics.label("result").collect("corrected");
        }
        Statistics.label("store").collect(spec.inclusive() ? "tax-inclusive" : "tax-exclusive");
        return plan;
    }

    /** The planner's Odoo totals for a hand-made line equal an independent recomputation (sanity of the harness). */
    @Property(tries = 200)
    boolean simulatorOrdersAddUp(@ForAll("orders") Spec spec) {
        Map<Long, BigDecimal> rates = new LinkedHashMap<>();
        rates.put(1L, spec.rate1());
        rates.put(2L, spec.rate2());
        WooOrder o = order(WooTotalsSimulator.order(1, spec.inclusive(), rates, spec.items(), spec.coupons(), spec.shipping(), List.of(1L)));
        BigDecimal lines = o.lineItems().stream().map(l -> l.total()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal taxes = o.taxLines().stream().map(t -> t.combinedTotal()).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<BigDecimal> parts = new ArrayList<>(List.of(lines, o.shippingTotal(), taxes));
        return parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(o.total()) == 0
                && taxes.compareTo(o.totalTax()) == 0;
    }
}

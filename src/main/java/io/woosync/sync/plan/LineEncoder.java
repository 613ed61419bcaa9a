package io.woosync.sync.plan;

import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings.TaxMapping;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the Odoo line values (price, discount %, taxes) that make Odoo compute exactly WooCommerce's
 * line amounts, by simulating Odoo ({@link OdooTaxEngine}) on candidate encodings:
 * <ul>
 * <li>exclusive: the undiscounted net unit price ({@code subtotal / quantity}) with the ordinary taxes
 *     and the discount % that brings the base to WooCommerce's {@code total};</li>
 * <li>included: the undiscounted gross unit price with the price-included twins, and the discount % that
 *     brings the gross to {@code total + total_tax} — which reproduces a tax-inclusive store's taxes,
 *     computed by WooCommerce from the gross.</li>
 * </ul>
 * The store's side is tried first; the first candidate Odoo reproduces to the cent wins, else one where
 * only the split between rates differs (see {@link Encoded#onlySplitDiffers}), else the
 * closest, and the caller reconciles what is left.
 *
 * <p>Rounding points of the encoding (before Odoo's own, see {@link OdooTaxEngine}):
 * E1 — unit price = undiscounted base / quantity, rounded half-up to "Product Price" digits;
 * E2 — discount % = (1 − target / (price × quantity)) × 100, rounded half-up to "Discount" digits, then
 * the neighbouring values (±1..3 units of the last digit) are tried so Odoo's rounded base hits the
 * target; values whose exact base lies on a half cent are avoided (Odoo's float might round them the
 * other way); E4 — when no discount hits (bases more than a cent apart on large lines at 2-digit
 * discount precision), the unit price is moved by up to ±200 units of its last digit and the discount
 * searched again; E3 — failing that, price = target / quantity at "Product Price" digits.
 */
final class LineEncoder {

    private static final MathContext MC = new MathContext(34, RoundingMode.HALF_EVEN);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** E4's reach: ± this many units of the price's last digit (±2.00 at 2 digits). */
    private static final int MAX_PRICE_STEPS = 200;

    private final OdooFacts facts;
    private final OdooTaxEngine engine;

    LineEncoder(OdooFacts facts) {
        this.facts = facts;
        this.engine = new OdooTaxEngine(facts);
    }

    /**
     * What WooCommerce says about one line.
     *
     * @param undiscountedNet before discounts, excluding tax (= net when discounts are not allowed)
     * @param undiscountedTax tax of the undiscounted amount (all rates)
     * @param net             after discounts, excluding tax
     * @param taxByRate       Woo rate id → tax of that rate on the line (after discounts)
     */
    record Target(BigDecimal quantity, BigDecimal undiscountedNet, BigDecimal undiscountedTax, BigDecimal net,
                  Map<Long, BigDecimal> taxByRate) {
        /**
         * A line with no discount to encode: its undiscounted amounts are its amounts. The undiscounted tax
         * matters: the price-included candidate starts from net + tax, and a zero there made it start from
         * the net alone and miss every gross a refund of a tax-inclusive store needs.
         */
        static Target undiscounted(BigDecimal quantity, BigDecimal net, Map<Long, BigDecimal> taxByRate) {
            BigDecimal tax = taxByRate.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            return new Target(quantity, net, tax, net, taxByRate);
        }

        BigDecimal tax() {
            return taxByRate.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * The chosen encoding and what Odoo will compute from it.
     *
     * @param onlySplitDiffers Odoo's untaxed amount and total tax on the line are WooCommerce's, only the
     *                   split between the rates is not. Two price-included rates on one line are the usual
     *                   case (GST + QST): Odoo takes every included tax but the last from the rounded net and
     *                   gives the last the remainder, WooCommerce takes each from the gross, so each rate can
     *                   land a cent apart while the line agrees. Such an encoding beats one with a smaller
     *                   error that loses a cent of the line's untaxed amount or total.
     */
    record Encoded(BigDecimal priceUnit, BigDecimal discount, List<OdooTax> taxes, boolean included, boolean exact,
                   boolean onlySplitDiffers, OdooTaxEngine.LineAmounts amounts, BigDecimal error, BigDecimal catalogPrice) {
        /** E4 moved the unit price away from WooCommerce's undiscounted unit price. */
        boolean priceMoved() {
            return priceUnit.compareTo(catalogPrice) != 0 && discount.signum() != 0;
        }

        List<Long> taxIds() {
            return taxes.stream().map(OdooTax::id).toList();
        }
    }

    /**
     * @param rates       Woo rate id → mapping, in the line's tax order; empty = untaxed line
     * @param preferIncluded try the price-included encoding first (tax-inclusive store's product lines)
     * @param withTaxes   false in Odoo-calculated mode: encode the net amounts only
     * @return the encoding, or null when no candidate is possible (an ordinary tax that Odoo treats as
     *         price-included and no twin: a configuration error the caller reports)
     */
    Encoded encode(Target t, Map<Long, TaxMapping> rates, boolean preferIncluded, boolean withTaxes) {
        List<Encoded> tried = new ArrayList<>();
        boolean[] order = preferIncluded ? new boolean[] {true, false} : new boolean[] {false, true};
        for (boolean included : order) {
            Encoded e = tryEncode(t, rates, included, withTaxes);
            if (e == null) {
                continue;
            }
            if (e.exact()) {
                return e;
            }
            tried.add(e);
        }
        return tried.stream().min(Comparator.comparing((Encoded e) -> !e.onlySplitDiffers()).thenComparing(Encoded::error))
                .orElse(null);
    }

    private Encoded tryEncode(Target t, Map<Long, TaxMapping> rates, boolean included, boolean withTaxes) {
        List<OdooTax> taxes = new ArrayList<>();
        if (withTaxes) {
            for (TaxMapping m : rates.values()) {
                OdooTax tax = included ? m.includedTwin() : m.tax();
                if (tax == null || tax.includedIn(facts) != included) {
                    return null;
                }
                taxes.add(tax);
            }
            if (included && taxes.isEmpty()) {
                return null; // an untaxed line has one encoding only
            }
        } else if (included) {
            return null;
        }
        BigDecimal target = included ? t.net().add(t.tax()) : t.net();
        BigDecimal undiscounted = included ? t.undiscountedNet().add(t.undiscountedTax()) : t.undiscountedNet();
        BigDecimal q = t.quantity();
        BigDecimal price = undiscounted.divide(q, MC).setScale(facts.productPriceDigits(), RoundingMode.HALF_UP); // E1
        BigDecimal discount = findDiscount(price, q, target);
        BigDecimal catalogPrice = price;
        if (discount == null && q.compareTo(BigDecimal.ONE) > 0) {
            // E4: at "Discount" precision the achievable bases of a large line are more than a cent apart;
            // moving the unit price by a few cents (and the discount with it) reaches the exact base.
            BigDecimal cent = BigDecimal.ONE.movePointLeft(facts.productPriceDigits());
            for (int k = 1; k <= MAX_PRICE_STEPS && discount == null; k++) {
                for (int sign : new int[] {-1, 1}) {
                    BigDecimal p = price.add(cent.multiply(BigDecimal.valueOf((long) sign * k)));
                    BigDecimal d = p.signum() > 0 ? findDiscount(p, q, target) : null;
                    if (d != null) {
                        price = p;
                        discount = d;
                        break;
                    }
                }
            }
        }
        if (discount == null) {
            BigDecimal p2 = target.divide(q, MC).setScale(facts.productPriceDigits(), RoundingMode.HALF_UP); // E3
            if (engine.base(p2, BigDecimal.ZERO, q).compareTo(target) == 0 || price.signum() == 0) {
                price = p2;
                discount = zeroDiscount();
            } else {
                discount = idealDiscount(price, q, target).max(zeroDiscount()).min(HUNDRED.setScale(facts.discountDigits()));
            }
        }
        OdooTaxEngine.LineAmounts amounts = engine.line(price, discount, q, taxes);
        BigDecimal error = amounts.subtotal().subtract(t.net()).abs();
        Map<Long, BigDecimal> odooByRate = new LinkedHashMap<>();
        int i = 0;
        for (Long rate : rates.keySet()) {
            if (withTaxes) {
                // WooCommerce prints line taxes to the cent; with round_globally Odoo keeps 5 more digits per
                // line, so compare at the cent (the document total is what rounds, see OdooTaxEngine R5).
                odooByRate.put(rate, amounts.taxes().getOrDefault(taxes.get(i++).id(), BigDecimal.ZERO)
                        .setScale(facts.currencyDigits(), RoundingMode.HALF_UP));
            }
        }
        if (withTaxes) {
            for (Map.Entry<Long, BigDecimal> w : t.taxByRate().entrySet()) {
                error = error.add(odooByRate.getOrDefault(w.getKey(), BigDecimal.ZERO).subtract(w.getValue()).abs());
            }
        }
        BigDecimal odooTax = odooByRate.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean onlySplitDiffers = withTaxes && amounts.subtotal().compareTo(t.net()) == 0 && odooTax.compareTo(t.tax()) == 0;
        return new Encoded(price, discount, taxes, included, error.signum() == 0, onlySplitDiffers, amounts, error, catalogPrice);
    }

    private BigDecimal zeroDiscount() {
        return BigDecimal.ZERO.setScale(facts.discountDigits());
    }

    private BigDecimal idealDiscount(BigDecimal price, BigDecimal q, BigDecimal target) {
        BigDecimal gross = price.multiply(q);
        return BigDecimal.ONE.subtract(target.divide(gross, MC)).multiply(HUNDRED)
                .setScale(facts.discountDigits(), RoundingMode.HALF_UP); // E2
    }

    /** E2: the discount at "Discount" precision whose Odoo base equals the target, or null. */
    BigDecimal findDiscount(BigDecimal price, BigDecimal q, BigDecimal target) {
        if (engine.base(price, BigDecimal.ZERO, q).compareTo(target) == 0) {
            return zeroDiscount();
        }
        BigDecimal gross = price.multiply(q);
        if (gross.signum() == 0 || gross.signum() != target.signum() && target.signum() != 0
                || target.abs().compareTo(gross.abs()) > 0) {
            return null;
        }
        BigDecimal d0 = idealDiscount(price, q, target);
        BigDecimal unit = BigDecimal.ONE.movePointLeft(facts.discountDigits());
        BigDecimal tie = null;
        for (int k : new int[] {0, 1, -1, 2, -2, 3, -3}) {
            BigDecimal d = d0.add(unit.multiply(BigDecimal.valueOf(k)));
            if (d.signum() < 0 || d.compareTo(HUNDRED) > 0) {
                continue;
            }
            if (engine.base(price, d, q).compareTo(target) == 0) {
                if (!onHalfCent(price, d, q)) {
                    return d;
                }
                if (tie == null) {
                    tie = d;
                }
            }
        }
        return tie;
    }

    private boolean onHalfCent(BigDecimal price, BigDecimal d, BigDecimal q) {
        BigDecimal exact = price.multiply(BigDecimal.ONE.subtract(d.divide(HUNDRED, MC))).multiply(q);
        BigDecimal shifted = exact.movePointRight(facts.currencyDigits());
        BigDecimal frac = shifted.subtract(new BigDecimal(shifted.toBigInteger())).abs();
        return frac.compareTo(new BigDecimal("0.5")) == 0;
    }
}

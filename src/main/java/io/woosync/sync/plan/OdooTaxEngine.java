package io.woosync.sync.plan;

import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes line and document amounts the way Odoo 16/17's {@code account.tax.compute_all} and
 * {@code sale.order._compute_amounts} do, for percent taxes (the only kind the sync maps), in exact
 * decimal arithmetic. Odoo computes in floats but rounds with {@code float_round}, which corrects the
 * binary error before rounding half-up, so exact decimals reproduce it.
 *
 * <p>Rounding points, in Odoo's order:
 * <ol>
 * <li>R1 — {@code price_unit} and {@code discount} are stored at their decimal precisions (the planner
 *     passes values already at them).</li>
 * <li>R2 — line base = {@code currency.round(price_unit × (1 − discount/100) × quantity)}.</li>
 * <li>R3 — price-included taxes: total_excluded = {@code currency.round(base / (1 + Σ included %))};
 *     the last included tax takes {@code base − total_excluded − other included taxes} (Odoo's
 *     "checkpoint"), so net + tax equals the gross exactly.</li>
 * <li>R4 — each other tax = total_excluded × rate, rounded at the currency precision with
 *     {@code round_per_line}, or at currency precision × 10⁻⁵ with {@code round_globally}.</li>
 * <li>R5 — document: untaxed = Σ line subtotals; tax per tax = Σ line taxes (per line) or
 *     {@code currency.round(Σ unrounded line taxes)} (globally); total = untaxed + tax.</li>
 * </ol>
 * Odoo 18 rewrote the tax engine ({@code _add_tax_details_in_base_line}); for round-per-line the
 * results are the same; its round-globally redistribution of base rounding is not modelled here.
 */
public final class OdooTaxEngine {

    private static final MathContext MC = new MathContext(34, RoundingMode.HALF_EVEN);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final OdooFacts facts;

    public OdooTaxEngine(OdooFacts facts) {
        this.facts = facts;
    }

    /** One line's Odoo amounts: subtotal (untaxed) and each tax's amount by Odoo tax id. */
    public record LineAmounts(BigDecimal subtotal, Map<Long, BigDecimal> taxes) {
        public BigDecimal taxTotal() {
            return taxes.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** Document totals; {@code taxes} by Odoo tax id. */
    public record Totals(BigDecimal untaxed, Map<Long, BigDecimal> taxes, BigDecimal tax, BigDecimal total) {
    }

    BigDecimal currencyRound(BigDecimal v) {
        return v.setScale(facts.currencyDigits(), RoundingMode.HALF_UP);
    }

    private int taxPrecision() {
        return facts.taxRounding() == OdooFacts.TaxRounding.ROUND_PER_LINE ? facts.currencyDigits() : facts.currencyDigits() + 5;
    }

    /** R2: the base Odoo derives from price, discount and quantity. */
    public BigDecimal base(BigDecimal priceUnit, BigDecimal discount, BigDecimal quantity) {
        BigDecimal factor = BigDecimal.ONE.subtract(discount.divide(HUNDRED, MC));
        return currencyRound(priceUnit.multiply(factor).multiply(quantity));
    }

    public LineAmounts line(OrderLine l, Map<Long, OdooTax> taxesById) {
        List<OdooTax> taxes = l.taxIds() == null ? List.of() : l.taxIds().stream().map(id -> {
            OdooTax t = taxesById.get(id);
            if (t == null) {
                throw new IllegalArgumentException("unknown Odoo tax id " + id);
            }
            return t;
        }).toList();
        return line(l.priceUnit(), l.discount(), l.quantity(), taxes);
    }

    public LineAmounts line(BigDecimal priceUnit, BigDecimal discount, BigDecimal quantity, List<OdooTax> taxes) {
        BigDecimal base = base(priceUnit, discount, quantity);
        int sign = base.signum() < 0 ? -1 : 1;
        base = base.abs();
        // R3: strip included taxes; the checkpoint is the last included tax (with a non-zero rate) in sequence.
        BigDecimal inclPercent = BigDecimal.ZERO;
        int checkpoint = -1;
        for (int i = 0; i < taxes.size(); i++) {
            OdooTax t = taxes.get(i);
            if (t.includedIn(facts)) {
                inclPercent = inclPercent.add(t.amount());
                if (t.amount().signum() != 0) {
                    checkpoint = i;
                }
            }
        }
        BigDecimal totalExcluded = currencyRound(base.divide(BigDecimal.ONE.add(inclPercent.divide(HUNDRED, MC)), MC));
        Map<Long, BigDecimal> amounts = new LinkedHashMap<>();
        BigDecimal cumulatedIncluded = BigDecimal.ZERO;
        int prec = taxPrecision();
        for (int i = 0; i < taxes.size(); i++) {
            OdooTax t = taxes.get(i);
            BigDecimal amount;
            if (i == checkpoint) {
                amount = base.subtract(totalExcluded.add(cumulatedIncluded));
            } else {
                amount = totalExcluded.multiply(t.amount()).divide(HUNDRED, MC);
            }
            amount = amount.setScale(prec, RoundingMode.HALF_UP); // R4
            if (t.includedIn(facts) && i != checkpoint) {
                cumulatedIncluded = cumulatedIncluded.add(amount);
            }
            amounts.merge(t.id(), sign < 0 ? amount.negate() : amount, BigDecimal::add);
        }
        return new LineAmounts(sign < 0 ? totalExcluded.negate() : totalExcluded, amounts);
    }

    /** R5: document totals from the lines' amounts. */
    public Totals totals(List<LineAmounts> lines) {
        BigDecimal untaxed = BigDecimal.ZERO.setScale(facts.currencyDigits());
        Map<Long, BigDecimal> taxes = new LinkedHashMap<>();
        for (LineAmounts l : lines) {
            untaxed = untaxed.add(l.subtotal());
            l.taxes().forEach((id, a) -> taxes.merge(id, a, BigDecimal::add));
        }
        taxes.replaceAll((id, a) -> currencyRound(a));
        BigDecimal tax = taxes.values().stream().reduce(BigDecimal.ZERO.setScale(facts.currencyDigits()), BigDecimal::add);
        return new Totals(untaxed, taxes, tax, untaxed.add(tax));
    }

    public Totals totalsOf(List<OrderLine> lines, Map<Long, OdooTax> taxesById) {
        return totals(lines.stream().map(l -> line(l, taxesById)).toList());
    }
}

package io.woosync.sync.settings;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An Odoo {@code account.tax} of type percent, as the executor read it from Odoo: the planner needs its
 * rate and whether prices carrying it include it, to compute the totals Odoo will compute.
 *
 * @param amount       the percentage (e.g. 8.25)
 * @param priceInclude how the tax treats the line price. On 16–17 this is the tax's own
 *                     {@code price_include}; on 18+ it is {@code price_include_override}, where
 *                     {@link PriceInclude#COMPANY_DEFAULT} means "follow the company's
 *                     {@code account_price_include}" (read into {@link OdooFacts}, never assumed).
 */
public record OdooTax(long id, String name, BigDecimal amount, PriceInclude priceInclude) {

    public enum PriceInclude { INCLUDED, EXCLUDED, COMPANY_DEFAULT }

    public OdooTax {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(priceInclude, "priceInclude");
        name = name == null ? "" : name;
    }

    public static OdooTax excluded(long id, String name, String percent) {
        return new OdooTax(id, name, new BigDecimal(percent), PriceInclude.EXCLUDED);
    }

    public static OdooTax included(long id, String name, String percent) {
        return new OdooTax(id, name, new BigDecimal(percent), PriceInclude.INCLUDED);
    }

    /** Whether Odoo treats line prices as including this tax, given the company facts. */
    public boolean includedIn(OdooFacts facts) {
        return switch (priceInclude) {
            case INCLUDED -> true;
            case EXCLUDED -> false;
            case COMPANY_DEFAULT -> facts.majorVersion() >= 18 && facts.companyPricesIncludeTax();
        };
    }
}

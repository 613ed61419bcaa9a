package io.woosync.odoo;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a tenant's sync settings say about its Odoo, for the connection test to hold against Odoo
 * itself. The planner computes Odoo's totals from these figures; where one is wrong, every order's
 * prediction is, so the test names each difference before go-live (the executor's total check would
 * only stop the first order). Every component is optional: null = not checked.
 *
 * @param majorVersion            the Odoo version the settings assume (field names, tax engine)
 * @param taxRounding             {@code round_per_line} or {@code round_globally}
 * @param productPriceDigits      {@code decimal.precision} "Product Price"
 * @param discountDigits          {@code decimal.precision} "Discount"
 * @param currency                the company currency's ISO code
 * @param currencyDigits          its decimal places
 * @param companyPricesIncludeTax 18+: the company's {@code account_price_include} is tax-included
 * @param taxes                   each Odoo tax the tax map names, with the rate and inclusion it assumes
 */
@RegisterForReflection
public record OdooExpectations(Integer majorVersion, String taxRounding, Integer productPriceDigits, Integer discountDigits,
                               String currency, Integer currencyDigits, Boolean companyPricesIncludeTax,
                               List<ExpectedTax> taxes) {

    public List<ExpectedTax> taxesOrEmpty() {
        return taxes == null ? List.of() : taxes;
    }

    /**
     * @param label        where the settings use it, e.g. "WooCommerce rate 1, price-included twin"
     * @param priceInclude {@code INCLUDED}, {@code EXCLUDED}, or {@code COMPANY_DEFAULT} (18+: no per-tax override)
     */
    @RegisterForReflection
    public record ExpectedTax(String label, long id, BigDecimal amount, String priceInclude) {
    }
}

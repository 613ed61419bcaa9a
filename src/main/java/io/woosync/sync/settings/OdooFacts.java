package io.woosync.sync.settings;

/**
 * What the planner must know about the tenant's Odoo to compute totals exactly as Odoo will. The
 * executor reads these once per connection test (version, company settings, decimal precisions).
 *
 * @param majorVersion            16, 17, 18, 19…: picks field names ({@code tax_id}/{@code tax_ids},
 *                                {@code ref}/{@code memo})
 * @param taxRounding             the company's {@code tax_calculation_rounding_method}
 * @param companyPricesIncludeTax 18+: the company's {@code account_price_include} is
 *                                {@code tax_included}
 * @param productPriceDigits      {@code decimal.precision} "Product Price" (default 2): Odoo rounds
 *                                {@code price_unit} to it when storing
 * @param discountDigits          {@code decimal.precision} "Discount" (default 2): Odoo rounds
 *                                {@code discount} to it when storing
 * @param currencyDigits          the company currency's decimal places (USD/EUR 2)
 * @param companyCurrency         ISO code of the company currency: orders in it need no pricelist
 */
public record OdooFacts(
        int majorVersion,
        TaxRounding taxRounding,
        boolean companyPricesIncludeTax,
        int productPriceDigits,
        int discountDigits,
        int currencyDigits,
        String companyCurrency) {

    public enum TaxRounding { ROUND_PER_LINE, ROUND_GLOBALLY }

    /** Odoo 17 with its out-of-the-box precisions, per-line rounding, USD. */
    public static OdooFacts defaults() {
        return new OdooFacts(17, TaxRounding.ROUND_PER_LINE, false, 2, 2, 2, "USD");
    }

    /** The sale.order.line many2many of taxes: {@code tax_id} up to 18, {@code tax_ids} from 19. */
    public String saleLineTaxField() {
        return majorVersion >= 19 ? "tax_ids" : "tax_id";
    }

    /** The account.payment field that holds the transaction id: {@code ref} up to 17, {@code memo} from 18. */
    public String paymentReferenceField() {
        return majorVersion >= 18 ? "memo" : "ref";
    }

    public OdooFacts withVersion(int v) {
        return new OdooFacts(v, taxRounding, companyPricesIncludeTax, productPriceDigits, discountDigits, currencyDigits, companyCurrency);
    }

    public OdooFacts withTaxRounding(TaxRounding r) {
        return new OdooFacts(majorVersion, r, companyPricesIncludeTax, productPriceDigits, discountDigits, currencyDigits, companyCurrency);
    }

    public OdooFacts withCompanyPricesIncludeTax(boolean b) {
        return new OdooFacts(majorVersion, taxRounding, b, productPriceDigits, discountDigits, currencyDigits, companyCurrency);
    }

    public OdooFacts withDiscountDigits(int d) {
        return new OdooFacts(majorVersion, taxRounding, companyPricesIncludeTax, productPriceDigits, d, currencyDigits, companyCurrency);
    }

    public OdooFacts withProductPriceDigits(int d) {
        return new OdooFacts(majorVersion, taxRounding, companyPricesIncludeTax, d, discountDigits, currencyDigits, companyCurrency);
    }
}

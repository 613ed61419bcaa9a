package io.woosync.sync.settings;

import io.woosync.sync.settings.SyncSettings.CarrierMapping;
import io.woosync.sync.settings.SyncSettings.PaymentJournal;
import io.woosync.sync.settings.SyncSettings.TaxMapping;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a tenant may save as its {@link SyncSettings}: the checks a value must pass before the planner
 * sees it, each failure named by its field as the JSON API spells it ({@code statusRules.on-hold},
 * {@code taxes.tolerancePerTaxLine}, {@code paymentJournals.stripe.journalId}, {@code pricelistByCurrency.EURO}).
 * Pure: no I/O, so the API and the form pages share it and it is tested without a server.
 */
public final class SyncSettingsRules {

    /** WooCommerce's order statuses a rule may be given for (core statuses a synced order can have). */
    public static final List<String> WOO_STATUSES =
            List.of("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed");

    /** The res.partner fields the planner writes, hence the ones a tenant may allow it to update. */
    public static final List<String> PARTNER_FIELDS =
            List.of("name", "email", "phone", "street", "street2", "city", "zip", "country_id", "state_id");

    /**
     * The largest tolerance per line and tax rate a rounding-correction line may absorb. WooCommerce and
     * Odoo differ by at most a cent per line and rate when the settings are right; more means a wrong map,
     * which must block rather than be papered over.
     */
    public static final BigDecimal MAX_TOLERANCE = new BigDecimal("1.00");

    /** A WooCommerce shipping method: {@code method_id} or {@code method_id:instance_id}. */
    private static final Pattern SHIPPING_METHOD = Pattern.compile("[A-Za-z0-9_.-]{1,64}(:[0-9]{1,10})?");
    /** A WooCommerce payment gateway id ("stripe", "ppcp-gateway", "bacs"). */
    private static final Pattern PAYMENT_METHOD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** Product default_codes: no surrounding blanks (they would never match), bounded. */
    private static final int MAX_CODE_LENGTH = 64;

    private SyncSettingsRules() {
    }

    /** Every rule the value breaks, field → message, in the order of the fields; empty = valid. */
    public static Map<String, String> check(SyncSettings s) {
        Map<String, String> e = new LinkedHashMap<>();
        required(e, "documents", s.documents());
        checkStatusRules(e, s.statusRules());
        required(e, "cancelledAfterInvoice", s.cancelledAfterInvoice());
        required(e, "invoiceTiming", s.invoiceTiming());
        if (required(e, "customers", s.customers())) {
            for (String f : s.customers().approvedFields()) {
                if (!PARTNER_FIELDS.contains(f)) {
                    e.put("customers.approvedFields", "\"" + f + "\" is not a partner field the sync writes (one of "
                            + String.join(", ", PARTNER_FIELDS) + ")");
                }
            }
        }
        s.skuOverrides().forEach((wooId, productId) -> {
            if (wooId == null || wooId <= 0) {
                e.put("skuOverrides." + wooId, "the WooCommerce product/variation id must be a positive integer");
            } else if (productId == null || productId <= 0) {
                e.put("skuOverrides." + wooId, "the Odoo product id must be a positive integer");
            }
        });
        if (required(e, "taxes", s.taxes())) {
            checkTaxes(e, s.taxes());
        }
        if (required(e, "discounts", s.discounts())) {
            required(e, "discounts.mode", s.discounts().mode());
            productCode(e, "discounts.discountProductCode", s.discounts().discountProductCode());
        }
        if (required(e, "shipping", s.shipping())) {
            productCode(e, "shipping.productCode", s.shipping().productCode());
            for (Map.Entry<String, CarrierMapping> c : s.shipping().carriers().entrySet()) {
                String f = "shipping.carriers." + c.getKey();
                if (!SHIPPING_METHOD.matcher(c.getKey()).matches()) {
                    e.put(f, "\"" + c.getKey() + "\" is not a WooCommerce shipping method (method_id or method_id:instance_id, e.g. flat_rate:3)");
                } else if (c.getValue() == null) {
                    e.put(f, "a carrier is required");
                } else {
                    positive(e, f + ".carrierId", c.getValue().carrierId());
                    positive(e, f + ".productId", c.getValue().productId());
                }
            }
        }
        productCode(e, "feeProductCode", s.feeProductCode());
        s.pricelistByCurrency().forEach((currency, pricelist) -> {
            String f = "pricelistByCurrency." + currency;
            if (!CURRENCY.matcher(currency).matches()) {
                e.put(f, "\"" + currency + "\" is not a currency code (3 capital letters, e.g. EUR)");
            } else if (pricelist == null || pricelist <= 0) {
                e.put(f, "the Odoo pricelist id must be a positive integer");
            }
        });
        for (Map.Entry<String, PaymentJournal> p : s.paymentJournals().entrySet()) {
            String f = "paymentJournals." + p.getKey();
            if (!PAYMENT_METHOD.matcher(p.getKey()).matches()) {
                e.put(f, "\"" + p.getKey() + "\" is not a WooCommerce payment method id (letters, digits, _ . -)");
            } else if (p.getValue() == null) {
                e.put(f, "a journal is required");
            } else {
                positive(e, f + ".journalId", p.getValue().journalId());
                Long line = p.getValue().paymentMethodLineId();
                if (line != null && line <= 0) {
                    e.put(f + ".paymentMethodLineId", "must be a positive integer, or left out to use the journal's first inbound method");
                }
            }
        }
        productCode(e, "refundProductCode", s.refundProductCode());
        productCode(e, "roundingProductCode", s.roundingProductCode());
        if (required(e, "odoo", s.odoo())) {
            checkOdoo(e, s.odoo());
        }
        return e;
    }

    private static void checkStatusRules(Map<String, String> e, Map<String, SyncSettings.StatusRule> rules) {
        for (Map.Entry<String, SyncSettings.StatusRule> r : rules.entrySet()) {
            if (!WOO_STATUSES.contains(r.getKey())) {
                e.put("statusRules." + r.getKey(), "\"" + r.getKey() + "\" is not a WooCommerce order status (one of "
                        + String.join(", ", WOO_STATUSES) + ")");
            } else if (r.getValue() == null) {
                e.put("statusRules." + r.getKey(), "a rule is required");
            }
        }
        for (String status : WOO_STATUSES) {
            if (!rules.containsKey(status)) {
                e.put("statusRules." + status, "a rule is required");
            }
        }
    }

    private static void checkTaxes(Map<String, String> e, SyncSettings.TaxSettings t) {
        required(e, "taxes.mode", t.mode());
        BigDecimal tol = t.tolerancePerTaxLine();
        if (tol == null) {
            e.put("taxes.tolerancePerTaxLine", "is required");
        } else if (tol.signum() < 0) {
            e.put("taxes.tolerancePerTaxLine", "must not be negative");
        } else if (tol.compareTo(MAX_TOLERANCE) > 0) {
            e.put("taxes.tolerancePerTaxLine", "must be at most " + MAX_TOLERANCE.toPlainString()
                    + " (a larger difference means a wrong tax map and must block)");
        }
        for (Map.Entry<Long, TaxMapping> r : t.rates().entrySet()) {
            String f = "taxes.rates." + r.getKey();
            if (r.getKey() == null || r.getKey() <= 0) {
                e.put(f, "the WooCommerce tax rate id must be a positive integer");
                continue;
            }
            TaxMapping m = r.getValue();
            if (m == null || m.tax() == null) {
                e.put(f + ".tax", "an Odoo tax is required");
                continue;
            }
            checkTax(e, f + ".tax", m.tax());
            if (m.includedTwin() != null) {
                OdooTax twin = m.includedTwin();
                checkTax(e, f + ".includedTwin", twin);
                if (twin.amount().compareTo(m.tax().amount()) != 0) {
                    e.put(f + ".includedTwin.amount", "the price-included twin must have the same rate as the tax ("
                            + m.tax().amount().stripTrailingZeros().toPlainString() + " %)");
                }
                if (twin.priceInclude() == OdooTax.PriceInclude.EXCLUDED) {
                    e.put(f + ".includedTwin.priceInclude", "the twin must include the tax in the price (INCLUDED, or COMPANY_DEFAULT on Odoo 18+)");
                }
                if (twin.id() == m.tax().id()) {
                    e.put(f + ".includedTwin.id", "the twin must be another Odoo tax than the tax itself");
                }
            }
        }
    }

    private static void checkTax(Map<String, String> e, String f, OdooTax tax) {
        positive(e, f + ".id", tax.id());
        if (tax.amount().signum() < 0 || tax.amount().compareTo(new BigDecimal("100")) >= 0) {
            e.put(f + ".amount", "must be a percentage from 0 to below 100");
        }
    }

    private static void checkOdoo(Map<String, String> e, OdooFacts o) {
        if (o.majorVersion() < 16) {
            e.put("odoo.majorVersion", "must be 16 or later (it is replaced by the version the tenant's Odoo reports)");
        }
        required(e, "odoo.taxRounding", o.taxRounding());
        digits(e, "odoo.productPriceDigits", o.productPriceDigits());
        digits(e, "odoo.discountDigits", o.discountDigits());
        digits(e, "odoo.currencyDigits", o.currencyDigits());
        if (o.companyCurrency() == null || !CURRENCY.matcher(o.companyCurrency()).matches()) {
            e.put("odoo.companyCurrency", "must be a currency code (3 capital letters, e.g. USD)");
        }
    }

    private static void digits(Map<String, String> e, String f, int digits) {
        if (digits < 0 || digits > 6) {
            e.put(f, "must be from 0 to 6");
        }
    }

    private static boolean required(Map<String, String> e, String f, Object value) {
        if (value == null) {
            e.put(f, "is required");
            return false;
        }
        return true;
    }

    private static void positive(Map<String, String> e, String f, long id) {
        if (id <= 0) {
            e.put(f, "must be a positive integer (an Odoo record id)");
        }
    }

    private static void productCode(Map<String, String> e, String f, String code) {
        if (code == null || code.isBlank()) {
            e.put(f, "a product code (Odoo default_code) is required");
        } else if (!code.equals(code.strip())) {
            e.put(f, "must not start or end with blanks (it would never match an Odoo default_code)");
        } else if (code.length() > MAX_CODE_LENGTH) {
            e.put(f, "must be at most " + MAX_CODE_LENGTH + " characters");
        }
    }
}

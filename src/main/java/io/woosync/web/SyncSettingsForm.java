package io.woosync.web;

import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.OdooTax;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.sync.settings.SyncSettingsRules;
import org.jboss.resteasy.reactive.RestForm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The settings page's form: what it shows (every value as text, as typed) and how a posted form becomes a
 * {@link SyncSettings}. Scalar fields are named as the JSON API names them ({@code taxes.tolerancePerTaxLine}),
 * so {@link SyncSettingsRules}' messages land beside them. Text is trimmed (a code typed with a trailing blank
 * would never match). Each map (tax rates, carriers, pricelists,
 * journals, SKU overrides) is a table: one row per entry plus {@link #EMPTY_ROWS} blank rows to add, and a
 * "remove" checkbox per row whose value is the row's index. A blank row is ignored.
 */
public record SyncSettingsForm(
        String documents,
        Map<String, String> statusRules,
        String cancelledAfterInvoice,
        String invoiceTiming,
        Set<String> approvedFields,
        boolean companiesAsB2b,
        boolean separateAddresses,
        String taxMode,
        String tolerancePerTaxLine,
        boolean wooRoundsAtSubtotal,
        List<TaxRow> taxRows,
        String discountMode,
        String discountProductCode,
        String shippingProductCode,
        List<CarrierRow> carrierRows,
        String feeProductCode,
        String refundProductCode,
        String roundingProductCode,
        List<PricelistRow> pricelistRows,
        List<JournalRow> journalRows,
        List<SkuRow> skuRows,
        int odooMajorVersion,
        String odooTaxRounding,
        boolean odooCompanyPricesIncludeTax,
        String odooProductPriceDigits,
        String odooDiscountDigits,
        String odooCurrencyDigits,
        String odooCompanyCurrency) {

    /** Blank rows offered under each table for new entries. */
    public static final int EMPTY_ROWS = 3;

    public record TaxRow(int index, String wooRateId, String taxId, String taxName, String amount, String priceInclude,
                         String twinId, String twinName, String twinPriceInclude, String error) {
        boolean blank() {
            return allBlank(wooRateId, taxId, taxName, amount, twinId, twinName);
        }

        TaxRow withError(String e) {
            return new TaxRow(index, wooRateId, taxId, taxName, amount, priceInclude, twinId, twinName, twinPriceInclude, e);
        }
    }

    public record CarrierRow(int index, String method, String carrierId, String productId, String error) {
        boolean blank() {
            return allBlank(method, carrierId, productId);
        }

        CarrierRow withError(String e) {
            return new CarrierRow(index, method, carrierId, productId, e);
        }
    }

    public record PricelistRow(int index, String currency, String pricelistId, String error) {
        boolean blank() {
            return allBlank(currency, pricelistId);
        }

        PricelistRow withError(String e) {
            return new PricelistRow(index, currency, pricelistId, e);
        }
    }

    public record JournalRow(int index, String method, String journalId, String methodLineId, String error) {
        boolean blank() {
            return allBlank(method, journalId, methodLineId);
        }

        JournalRow withError(String e) {
            return new JournalRow(index, method, journalId, methodLineId, e);
        }
    }

    public record SkuRow(int index, String wooId, String productId, String error) {
        boolean blank() {
            return allBlank(wooId, productId);
        }

        SkuRow withError(String e) {
            return new SkuRow(index, wooId, productId, e);
        }
    }

    /** What a POST carries: each scalar by its API name, each table column as a list in row order. */
    public static class Input {
        /** The settings version the form was opened on (a hidden field). */
        @RestForm public String version;
        @RestForm public String documents;
        @RestForm("statusRules.pending") public String statusPending;
        @RestForm("statusRules.processing") public String statusProcessing;
        @RestForm("statusRules.on-hold") public String statusOnHold;
        @RestForm("statusRules.completed") public String statusCompleted;
        @RestForm("statusRules.cancelled") public String statusCancelled;
        @RestForm("statusRules.refunded") public String statusRefunded;
        @RestForm("statusRules.failed") public String statusFailed;
        @RestForm public String cancelledAfterInvoice;
        @RestForm public String invoiceTiming;
        @RestForm("customers.approvedFields") public List<String> approvedFields;
        @RestForm("customers.companiesAsB2b") public String companiesAsB2b;
        @RestForm("customers.separateAddresses") public String separateAddresses;
        @RestForm("taxes.mode") public String taxMode;
        @RestForm("taxes.tolerancePerTaxLine") public String tolerance;
        @RestForm("taxes.wooRoundsAtSubtotal") public String wooRoundsAtSubtotal;
        @RestForm("tax.wooRateId") public List<String> taxWooRateId;
        @RestForm("tax.id") public List<String> taxId;
        @RestForm("tax.name") public List<String> taxName;
        @RestForm("tax.amount") public List<String> taxAmount;
        @RestForm("tax.priceInclude") public List<String> taxPriceInclude;
        @RestForm("tax.twinId") public List<String> taxTwinId;
        @RestForm("tax.twinName") public List<String> taxTwinName;
        @RestForm("tax.twinPriceInclude") public List<String> taxTwinPriceInclude;
        @RestForm("tax.remove") public List<String> taxRemove;
        @RestForm("discounts.mode") public String discountMode;
        @RestForm("discounts.discountProductCode") public String discountProductCode;
        @RestForm("shipping.productCode") public String shippingProductCode;
        @RestForm("carrier.method") public List<String> carrierMethod;
        @RestForm("carrier.carrierId") public List<String> carrierId;
        @RestForm("carrier.productId") public List<String> carrierProductId;
        @RestForm("carrier.remove") public List<String> carrierRemove;
        @RestForm public String feeProductCode;
        @RestForm public String refundProductCode;
        @RestForm public String roundingProductCode;
        @RestForm("pricelist.currency") public List<String> pricelistCurrency;
        @RestForm("pricelist.id") public List<String> pricelistId;
        @RestForm("pricelist.remove") public List<String> pricelistRemove;
        @RestForm("journal.method") public List<String> journalMethod;
        @RestForm("journal.journalId") public List<String> journalId;
        @RestForm("journal.methodLineId") public List<String> journalMethodLineId;
        @RestForm("journal.remove") public List<String> journalRemove;
        @RestForm("sku.wooId") public List<String> skuWooId;
        @RestForm("sku.productId") public List<String> skuProductId;
        @RestForm("sku.remove") public List<String> skuRemove;
        @RestForm("odoo.taxRounding") public String odooTaxRounding;
        @RestForm("odoo.companyPricesIncludeTax") public String odooCompanyPricesIncludeTax;
        @RestForm("odoo.productPriceDigits") public String odooProductPriceDigits;
        @RestForm("odoo.discountDigits") public String odooDiscountDigits;
        @RestForm("odoo.currencyDigits") public String odooCurrencyDigits;
        @RestForm("odoo.companyCurrency") public String odooCompanyCurrency;

        Map<String, String> statusRules() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("pending", statusPending);
            m.put("processing", statusProcessing);
            m.put("on-hold", statusOnHold);
            m.put("completed", statusCompleted);
            m.put("cancelled", statusCancelled);
            m.put("refunded", statusRefunded);
            m.put("failed", statusFailed);
            return m;
        }
    }

    /** The outcome of reading a posted form: the settings when every field parsed, the form as typed, errors. */
    public record Parsed(SyncSettings settings, SyncSettingsForm form, Map<String, String> errors) {
    }

    // ---- settings → form -------------------------------------------------------------------------

    /** The form showing {@code s}; {@code withEmptyRows} adds blank rows for new entries (editors only). */
    public static SyncSettingsForm of(SyncSettings s, boolean withEmptyRows) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (String status : SyncSettingsRules.WOO_STATUSES) {
            SyncSettings.StatusRule r = s.statusRules().get(status);
            rules.put(status, r == null ? "" : r.name());
        }
        List<TaxRow> taxes = new ArrayList<>();
        new TreeMap<>(s.taxes().rates()).forEach((rate, m) -> taxes.add(new TaxRow(taxes.size(), rate.toString(),
                Long.toString(m.tax().id()), m.tax().name(), plain(m.tax().amount()), m.tax().priceInclude().name(),
                m.includedTwin() == null ? "" : Long.toString(m.includedTwin().id()),
                m.includedTwin() == null ? "" : m.includedTwin().name(),
                m.includedTwin() == null ? OdooTax.PriceInclude.INCLUDED.name() : m.includedTwin().priceInclude().name(), null)));
        List<CarrierRow> carriers = new ArrayList<>();
        new TreeMap<>(s.shipping().carriers()).forEach((method, c) -> carriers.add(new CarrierRow(carriers.size(), method,
                Long.toString(c.carrierId()), Long.toString(c.productId()), null)));
        List<PricelistRow> pricelists = new ArrayList<>();
        new TreeMap<>(s.pricelistByCurrency()).forEach((cur, id) -> pricelists.add(new PricelistRow(pricelists.size(), cur,
                id.toString(), null)));
        List<JournalRow> journals = new ArrayList<>();
        new TreeMap<>(s.paymentJournals()).forEach((method, j) -> journals.add(new JournalRow(journals.size(), method,
                Long.toString(j.journalId()), j.paymentMethodLineId() == null ? "" : j.paymentMethodLineId().toString(), null)));
        List<SkuRow> skus = new ArrayList<>();
        new TreeMap<>(s.skuOverrides()).forEach((woo, product) -> skus.add(new SkuRow(skus.size(), woo.toString(),
                product.toString(), null)));
        if (withEmptyRows) {
            for (int i = 0; i < EMPTY_ROWS; i++) {
                taxes.add(new TaxRow(taxes.size(), "", "", "", "", OdooTax.PriceInclude.EXCLUDED.name(), "", "",
                        OdooTax.PriceInclude.INCLUDED.name(), null));
                carriers.add(new CarrierRow(carriers.size(), "", "", "", null));
                pricelists.add(new PricelistRow(pricelists.size(), "", "", null));
                journals.add(new JournalRow(journals.size(), "", "", "", null));
                skus.add(new SkuRow(skus.size(), "", "", null));
            }
        }
        OdooFacts o = s.odoo();
        return new SyncSettingsForm(s.documents().name(), rules, s.cancelledAfterInvoice().name(), s.invoiceTiming().name(),
                new LinkedHashSet<>(s.customers().approvedFields()), s.customers().companiesAsB2b(),
                s.customers().separateAddresses(), s.taxes().mode().name(), plain(s.taxes().tolerancePerTaxLine()),
                s.taxes().wooRoundsAtSubtotal(), taxes, s.discounts().mode().name(), s.discounts().discountProductCode(),
                s.shipping().productCode(), carriers, s.feeProductCode(), s.refundProductCode(), s.roundingProductCode(),
                pricelists, journals, skus, o.majorVersion(), o.taxRounding().name(), o.companyPricesIncludeTax(),
                Integer.toString(o.productPriceDigits()), Integer.toString(o.discountDigits()), Integer.toString(o.currencyDigits()),
                o.companyCurrency());
    }

    /** Whether the partner field is ticked (for the template). */
    public boolean approves(String field) {
        return approvedFields.contains(field);
    }

    public String rule(String status) {
        return statusRules.getOrDefault(status, "");
    }

    // ---- form → settings -------------------------------------------------------------------------

    /**
     * Reads a posted form over the settings it replaces ({@code current} supplies only the Odoo major version,
     * which the page does not edit). Every field that does not parse is named in the errors; when all parse,
     * {@link SyncSettingsRules} checks the result and its messages are placed beside the fields and rows.
     */
    public static Parsed read(Input in, SyncSettings current) {
        Map<String, String> errors = new LinkedHashMap<>();
        Reader r = new Reader(errors);

        SyncSettings.DocumentsMode documents = r.choice("documents", in.documents, SyncSettings.DocumentsMode.class);
        Map<String, SyncSettings.StatusRule> rules = new LinkedHashMap<>();
        in.statusRules().forEach((status, value) -> {
            SyncSettings.StatusRule rule = r.choice("statusRules." + status, value, SyncSettings.StatusRule.class);
            if (rule != null) {
                rules.put(status, rule);
            }
        });
        SyncSettings.CancelledInvoicedPolicy cancelled = r.choice("cancelledAfterInvoice", in.cancelledAfterInvoice,
                SyncSettings.CancelledInvoicedPolicy.class);
        SyncSettings.InvoiceTiming timing = r.choice("invoiceTiming", in.invoiceTiming, SyncSettings.InvoiceTiming.class);
        Set<String> approved = new LinkedHashSet<>(in.approvedFields == null ? List.of() : in.approvedFields);
        SyncSettings.TaxMode taxMode = r.choice("taxes.mode", in.taxMode, SyncSettings.TaxMode.class);
        BigDecimal tolerance = r.decimal("taxes.tolerancePerTaxLine", in.tolerance);
        SyncSettings.DiscountMode discountMode = r.choice("discounts.mode", in.discountMode, SyncSettings.DiscountMode.class);
        OdooFacts.TaxRounding rounding = r.choice("odoo.taxRounding", in.odooTaxRounding, OdooFacts.TaxRounding.class);
        Integer priceDigits = r.integer("odoo.productPriceDigits", in.odooProductPriceDigits);
        Integer discountDigits = r.integer("odoo.discountDigits", in.odooDiscountDigits);
        Integer currencyDigits = r.integer("odoo.currencyDigits", in.odooCurrencyDigits);
        String companyCurrency = upper(in.odooCompanyCurrency);

        // tables
        Map<Long, SyncSettings.TaxMapping> rates = new LinkedHashMap<>();
        List<TaxRow> taxRows = readTable(in.taxRemove, size(in.taxWooRateId, in.taxId, in.taxName, in.taxAmount, in.taxTwinId, in.taxTwinName),
                (i, position) -> new TaxRow(position, cell(in.taxWooRateId, i), cell(in.taxId, i), cell(in.taxName, i),
                        cell(in.taxAmount, i), cell(in.taxPriceInclude, i), cell(in.taxTwinId, i), cell(in.taxTwinName, i),
                        cell(in.taxTwinPriceInclude, i), null),
                TaxRow::blank, (row, rr) -> {
                    Long rate = rr.id("Woo tax rate id", row.wooRateId());
                    Long taxId = rr.id("Odoo tax id", row.taxId());
                    BigDecimal amount = rr.decimal("rate %", row.amount());
                    OdooTax.PriceInclude include = rr.choice("price include", row.priceInclude(), OdooTax.PriceInclude.class);
                    OdooTax twin = null;
                    if (!row.twinId().isEmpty()) {
                        Long twinId = rr.id("twin tax id", row.twinId());
                        OdooTax.PriceInclude twinInclude = rr.choice("twin price include", row.twinPriceInclude(), OdooTax.PriceInclude.class);
                        if (twinId != null && twinInclude != null && amount != null) {
                            twin = new OdooTax(twinId, row.twinName(), amount, twinInclude);
                        }
                    }
                    OdooTax twinTax = twin;
                    return new Entry<>(rate, () -> new SyncSettings.TaxMapping(new OdooTax(taxId, row.taxName(), amount, include), twinTax));
                },
                rate -> "tax rate " + rate + " is already mapped in an earlier row", rates, TaxRow::withError);

        Map<String, SyncSettings.CarrierMapping> carriers = new LinkedHashMap<>();
        List<CarrierRow> carrierRows = readTable(in.carrierRemove, size(in.carrierMethod, in.carrierId, in.carrierProductId),
                (i, position) -> new CarrierRow(position, cell(in.carrierMethod, i), cell(in.carrierId, i), cell(in.carrierProductId, i), null),
                CarrierRow::blank, (row, rr) -> {
                    String method = rr.text("Woo method", row.method());
                    Long carrierId = rr.id("carrier id", row.carrierId());
                    Long productId = rr.id("product id", row.productId());
                    return new Entry<>(method, () -> new SyncSettings.CarrierMapping(carrierId, productId));
                },
                method -> "method " + method + " is already mapped in an earlier row", carriers, CarrierRow::withError);

        Map<String, Long> pricelists = new LinkedHashMap<>();
        List<PricelistRow> pricelistRows = readTable(in.pricelistRemove, size(in.pricelistCurrency, in.pricelistId),
                (i, position) -> new PricelistRow(position, upper(cell(in.pricelistCurrency, i)), cell(in.pricelistId, i), null),
                PricelistRow::blank, (row, rr) -> {
                    String currency = rr.text("currency", row.currency());
                    Long id = rr.id("pricelist id", row.pricelistId());
                    return new Entry<>(currency, () -> id);
                },
                currency -> "currency " + currency + " already has a pricelist in an earlier row", pricelists, PricelistRow::withError);

        Map<String, SyncSettings.PaymentJournal> journals = new LinkedHashMap<>();
        List<JournalRow> journalRows = readTable(in.journalRemove, size(in.journalMethod, in.journalId, in.journalMethodLineId),
                (i, position) -> new JournalRow(position, cell(in.journalMethod, i), cell(in.journalId, i), cell(in.journalMethodLineId, i), null),
                JournalRow::blank, (row, rr) -> {
                    String method = rr.text("payment method", row.method());
                    Long journal = rr.id("journal id", row.journalId());
                    Long line = row.methodLineId().isEmpty() ? null : rr.id("payment method line id", row.methodLineId());
                    return new Entry<>(method, () -> new SyncSettings.PaymentJournal(journal, line));
                },
                method -> "payment method " + method + " is already mapped in an earlier row", journals, JournalRow::withError);

        Map<Long, Long> skus = new LinkedHashMap<>();
        List<SkuRow> skuRows = readTable(in.skuRemove, size(in.skuWooId, in.skuProductId),
                (i, position) -> new SkuRow(position, cell(in.skuWooId, i), cell(in.skuProductId, i), null),
                SkuRow::blank, (row, rr) -> {
                    Long woo = rr.id("Woo product/variation id", row.wooId());
                    Long product = rr.id("Odoo product id", row.productId());
                    return new Entry<>(woo, () -> product);
                },
                woo -> "Woo id " + woo + " is already mapped in an earlier row", skus, SkuRow::withError);

        SyncSettingsForm typed = new SyncSettingsForm(text(in.documents), in.statusRules().entrySet().stream()
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), text(e.getValue())), Map::putAll),
                text(in.cancelledAfterInvoice), text(in.invoiceTiming), approved, checked(in.companiesAsB2b),
                checked(in.separateAddresses), text(in.taxMode), text(in.tolerance), checked(in.wooRoundsAtSubtotal), taxRows,
                text(in.discountMode), text(in.discountProductCode), text(in.shippingProductCode), carrierRows,
                text(in.feeProductCode), text(in.refundProductCode), text(in.roundingProductCode), pricelistRows, journalRows, skuRows,
                current.odoo().majorVersion(), text(in.odooTaxRounding), checked(in.odooCompanyPricesIncludeTax),
                text(in.odooProductPriceDigits), text(in.odooDiscountDigits), text(in.odooCurrencyDigits), companyCurrency);

        boolean rowErrors = taxRows.stream().anyMatch(x -> x.error() != null) || carrierRows.stream().anyMatch(x -> x.error() != null)
                || pricelistRows.stream().anyMatch(x -> x.error() != null) || journalRows.stream().anyMatch(x -> x.error() != null)
                || skuRows.stream().anyMatch(x -> x.error() != null);
        // The rules run even when some fields did not parse (those fall back to the current value, never
        // saved), so one post shows every mistake at once.
        SyncSettings settings = new SyncSettings(or(documents, current.documents()), rules, or(cancelled, current.cancelledAfterInvoice()),
                or(timing, current.invoiceTiming()),
                new SyncSettings.CustomerSettings(approved, checked(in.companiesAsB2b), checked(in.separateAddresses)),
                skus, new SyncSettings.TaxSettings(or(taxMode, current.taxes().mode()), rates,
                        or(tolerance, current.taxes().tolerancePerTaxLine()), checked(in.wooRoundsAtSubtotal)),
                new SyncSettings.DiscountSettings(or(discountMode, current.discounts().mode()), text(in.discountProductCode)),
                new SyncSettings.ShippingSettings(text(in.shippingProductCode), carriers), text(in.feeProductCode),
                pricelists, journals, text(in.refundProductCode), text(in.roundingProductCode),
                new OdooFacts(current.odoo().majorVersion(), or(rounding, current.odoo().taxRounding()),
                        checked(in.odooCompanyPricesIncludeTax), or(priceDigits, current.odoo().productPriceDigits()),
                        or(discountDigits, current.odoo().discountDigits()), or(currencyDigits, current.odoo().currencyDigits()),
                        companyCurrency));
        Map<String, String> broken = SyncSettingsRules.check(settings);
        if (broken.isEmpty() && errors.isEmpty() && !rowErrors) {
            return new Parsed(settings, typed, Map.of());
        }
        if (rowErrors) {
            errors.putIfAbsent("tables", "A table row is incomplete or wrong; see the rows marked below.");
        }
        return new Parsed(null, typed.placeRuleErrors(broken, errors).withEmptyRows(), errors);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Puts each rule message beside its field or row: table entries are named by their key
     * ({@code paymentJournals.stripe.journalId}) and go to the row with that key; the rest stay field errors.
     */
    private SyncSettingsForm placeRuleErrors(Map<String, String> broken, Map<String, String> fieldErrors) {
        List<TaxRow> taxes = new ArrayList<>(taxRows);
        List<CarrierRow> carriers = new ArrayList<>(carrierRows);
        List<PricelistRow> pricelists = new ArrayList<>(pricelistRows);
        List<JournalRow> journals = new ArrayList<>(journalRows);
        List<SkuRow> skus = new ArrayList<>(skuRows);
        for (Map.Entry<String, String> e : broken.entrySet()) {
            String f = e.getKey();
            boolean placed = place(f, e.getValue(), "taxes.rates.", taxes, TaxRow::wooRateId, TaxRow::error, TaxRow::withError)
                    || place(f, e.getValue(), "shipping.carriers.", carriers, CarrierRow::method, CarrierRow::error, CarrierRow::withError)
                    || place(f, e.getValue(), "pricelistByCurrency.", pricelists, PricelistRow::currency, PricelistRow::error,
                    PricelistRow::withError)
                    || place(f, e.getValue(), "paymentJournals.", journals, JournalRow::method, JournalRow::error, JournalRow::withError)
                    || place(f, e.getValue(), "skuOverrides.", skus, SkuRow::wooId, SkuRow::error, SkuRow::withError);
            if (placed) {
                fieldErrors.putIfAbsent("tables", "A table row is wrong; see the rows marked below.");
            } else {
                fieldErrors.putIfAbsent(f, e.getValue()); // a field that did not parse keeps that message
            }
        }
        return new SyncSettingsForm(documents, statusRules, cancelledAfterInvoice, invoiceTiming, approvedFields, companiesAsB2b,
                separateAddresses, taxMode, tolerancePerTaxLine, wooRoundsAtSubtotal, taxes, discountMode, discountProductCode,
                shippingProductCode, carriers, feeProductCode, refundProductCode, roundingProductCode, pricelists, journals, skus,
                odooMajorVersion, odooTaxRounding, odooCompanyPricesIncludeTax, odooProductPriceDigits, odooDiscountDigits,
                odooCurrencyDigits, odooCompanyCurrency);
    }

    private interface WithError<R> {
        R apply(R row, String error);
    }

    private static <R> boolean place(String field, String message, String prefix, List<R> rows, Function<R, String> key,
                                     Function<R, String> error, WithError<R> with) {
        if (!field.startsWith(prefix)) {
            return false;
        }
        String rest = field.substring(prefix.length());
        for (int i = 0; i < rows.size(); i++) {
            R row = rows.get(i);
            String k = key.apply(row);
            if (!k.isEmpty() && (rest.equals(k) || rest.startsWith(k + "."))) {
                String column = rest.equals(k) ? "" : rest.substring(k.length() + 1) + ": ";
                String before = error.apply(row);
                rows.set(i, with.apply(row, (before == null ? "" : before + "; ") + column + message));
                return true;
            }
        }
        return false;
    }

    /** The same form with {@link #EMPTY_ROWS} blank rows appended to each table (after a failed post). */
    private SyncSettingsForm withEmptyRows() {
        List<TaxRow> taxes = new ArrayList<>(taxRows);
        List<CarrierRow> carriers = new ArrayList<>(carrierRows);
        List<PricelistRow> pricelists = new ArrayList<>(pricelistRows);
        List<JournalRow> journals = new ArrayList<>(journalRows);
        List<SkuRow> skus = new ArrayList<>(skuRows);
        for (int i = 0; i < EMPTY_ROWS; i++) {
            taxes.add(new TaxRow(taxes.size(), "", "", "", "", OdooTax.PriceInclude.EXCLUDED.name(), "", "",
                    OdooTax.PriceInclude.INCLUDED.name(), null));
            carriers.add(new CarrierRow(carriers.size(), "", "", "", null));
            pricelists.add(new PricelistRow(pricelists.size(), "", "", null));
            journals.add(new JournalRow(journals.size(), "", "", "", null));
            skus.add(new SkuRow(skus.size(), "", "", null));
        }
        return new SyncSettingsForm(documents, statusRules, cancelledAfterInvoice, invoiceTiming, approvedFields, companiesAsB2b,
                separateAddresses, taxMode, tolerancePerTaxLine, wooRoundsAtSubtotal, taxes, discountMode, discountProductCode,
                shippingProductCode, carriers, feeProductCode, refundProductCode, roundingProductCode, pricelists, journals, skus,
                odooMajorVersion, odooTaxRounding, odooCompanyPricesIncludeTax, odooProductPriceDigits, odooDiscountDigits,
                odooCurrencyDigits, odooCompanyCurrency);
    }

    // ---- reading helpers -------------------------------------------------------------------------

    /** Reads scalar fields, naming failures by field. */
    private record Reader(Map<String, String> errors) {
        <E extends Enum<E>> E choice(String field, String value, Class<E> type) {
            String v = text(value);
            if (v.isEmpty()) {
                errors.put(field, "is required");
                return null;
            }
            try {
                return Enum.valueOf(type, v);
            } catch (IllegalArgumentException e) {
                errors.put(field, "must be one of " + String.join(", ", names(type)));
                return null;
            }
        }

        BigDecimal decimal(String field, String value) {
            String v = text(value);
            try {
                return new BigDecimal(v);
            } catch (NumberFormatException e) {
                errors.put(field, v.isEmpty() ? "is required" : "must be a decimal number (e.g. 0.01)");
                return null;
            }
        }

        Integer integer(String field, String value) {
            String v = text(value);
            try {
                return Integer.valueOf(v);
            } catch (NumberFormatException e) {
                errors.put(field, v.isEmpty() ? "is required" : "must be a whole number");
                return null;
            }
        }
    }

    /** Reads one table row's cells, gathering its problems into one message. */
    private static final class RowReader {
        private final List<String> problems = new ArrayList<>();

        Long id(String column, String value) {
            if (value.isEmpty()) {
                problems.add(column + " is required");
                return null;
            }
            try {
                long v = Long.parseLong(value);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(column + " must be a positive integer");
            return null;
        }

        BigDecimal decimal(String column, String value) {
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                problems.add(column + (value.isEmpty() ? " is required" : " must be a decimal number"));
                return null;
            }
        }

        <E extends Enum<E>> E choice(String column, String value, Class<E> type) {
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                problems.add(column + " must be one of " + String.join(", ", names(type)));
                return null;
            }
        }

        String text(String column, String value) {
            if (value.isEmpty()) {
                problems.add(column + " is required");
                return null;
            }
            return value;
        }

        void fail(String problem) {
            problems.add(problem);
        }

        boolean ok() {
            return problems.isEmpty();
        }

        String error() {
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
    }

    /** A table row's key and, built only when the whole row read cleanly, its value. */
    private record Entry<K, V>(K key, Supplier<V> value) {
    }

    /** Reads a table row's cells into its key and value, reporting problems to the row's reader. */
    private interface RowParser<R, K, V> {
        Entry<K, V> parse(R row, RowReader reader);
    }

    /**
     * One editable table of the form: rows marked "remove" and blank rows are dropped; each other row
     * is read into {@code into} unless it has a problem (including a key an earlier row already has),
     * and comes back as typed, with its problems, renumbered by position.
     */
    private static <R, K, V> List<R> readTable(List<String> remove, int size, BiFunction<Integer, Integer, R> rowAt,
                                               Predicate<R> blank, RowParser<R, K, V> parser, Function<K, String> duplicate,
                                               Map<K, V> into, WithError<R> with) {
        Set<Integer> removed = indices(remove);
        List<R> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (removed.contains(i)) {
                continue;
            }
            R row = rowAt.apply(i, rows.size());
            if (blank.test(row)) {
                continue;
            }
            RowReader reader = new RowReader();
            Entry<K, V> entry = parser.parse(row, reader);
            if (entry.key() != null && into.containsKey(entry.key())) {
                reader.fail(duplicate.apply(entry.key()));
            }
            if (reader.ok()) {
                into.put(entry.key(), entry.value().get());
            }
            rows.add(withError(row, reader.error(), with));
        }
        return rows;
    }

    private static <R> R withError(R row, String error, WithError<R> with) {
        return error == null ? row : with.apply(row, error);
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        List<String> out = new ArrayList<>();
        for (Enum<?> e : type.getEnumConstants()) {
            out.add(e.name());
        }
        return out;
    }

    private static Set<Integer> indices(List<String> values) {
        Set<Integer> out = new HashSet<>();
        if (values != null) {
            for (String v : values) {
                try {
                    out.add(Integer.parseInt(v.trim()));
                } catch (NumberFormatException e) {
                    // a forged value removes nothing
                }
            }
        }
        return out;
    }

    @SafeVarargs
    private static int size(List<String>... columns) {
        int n = 0;
        for (List<String> c : columns) {
            n = Math.max(n, c == null ? 0 : c.size());
        }
        return n;
    }

    private static String cell(List<String> column, int i) {
        return column == null || i >= column.size() ? "" : text(column.get(i));
    }

    private static String text(String s) {
        return s == null ? "" : s.trim();
    }

    private static String upper(String s) {
        return text(s).toUpperCase(Locale.ROOT);
    }

    private static boolean checked(String s) {
        return s != null && !s.isEmpty() && !"false".equals(s);
    }

    private static boolean allBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String plain(BigDecimal d) {
        return d.toPlainString();
    }
}

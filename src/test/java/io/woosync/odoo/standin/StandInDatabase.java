package io.woosync.odoo.standin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The stand-in's in-memory Odoo database: the models of the order workflow with the fields of the
 * configured version, the ORM methods (search, read, create, write, fields_get, access checks), the
 * workflow buttons and wizards, and taxes computed as Odoo computes them (per-line rounding by
 * default, {@code round_globally} on request). All methods run under the stand-in's single lock, as
 * if each call were one serialised transaction.
 */
final class StandInDatabase {

    record Field(String name, String type, String string, String relation, boolean required, List<List<String>> selection,
                 String inverse) {
    }

    final int version;
    final long uid = 2;
    /** The receivable account every customer invoice and credit note posts its open amount to. */
    static final long RECEIVABLE = 6;
    final Map<String, Map<String, Field>> models = new LinkedHashMap<>();
    final Map<String, TreeMap<Long, Map<String, Object>>> tables = new HashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, Integer> names = new HashMap<>();
    final Set<String> denied = new HashSet<>();
    private final int year = LocalDate.now().getYear();

    StandInDatabase(int version) {
        this.version = version;
        defineModels();
        seed();
    }

    // =============================================================== schema

    private final class ModelBuilder {
        final Map<String, Field> fields = new LinkedHashMap<>();

        ModelBuilder(String model) {
            models.put(model, fields);
            tables.put(model, new TreeMap<>());
            add("id", "integer", "ID", null, false, null, null);
            add("display_name", "char", "Display Name", null, false, null, null);
        }

        ModelBuilder add(String name, String type, String string, String relation, boolean required, List<List<String>> sel, String inverse) {
            fields.put(name, new Field(name, type, string, relation, required, sel, inverse));
            return this;
        }

        ModelBuilder ch(String name, String string) {
            return add(name, "char", string, null, false, null, null);
        }

        ModelBuilder text(String name, String string) {
            return add(name, "text", string, null, false, null, null);
        }

        ModelBuilder fl(String name, String string) {
            return add(name, "float", string, null, false, null, null);
        }

        ModelBuilder money(String name, String string) {
            return add(name, "monetary", string, null, false, null, null);
        }

        ModelBuilder bool(String name, String string) {
            return add(name, "boolean", string, null, false, null, null);
        }

        ModelBuilder integer(String name, String string) {
            return add(name, "integer", string, null, false, null, null);
        }

        ModelBuilder date(String name, String string) {
            return add(name, "date", string, null, false, null, null);
        }

        ModelBuilder datetime(String name, String string) {
            return add(name, "datetime", string, null, false, null, null);
        }

        ModelBuilder m2o(String name, String string, String relation) {
            return add(name, "many2one", string, relation, false, null, null);
        }

        ModelBuilder o2m(String name, String string, String relation, String inverse) {
            return add(name, "one2many", string, relation, false, null, inverse);
        }

        ModelBuilder m2m(String name, String string, String relation) {
            return add(name, "many2many", string, relation, false, null, null);
        }

        ModelBuilder sel(String name, String string, boolean required, String... pairs) {
            List<List<String>> s = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                s.add(List.of(pairs[i], pairs[i + 1]));
            }
            return add(name, "selection", string, null, required, s, null);
        }

        ModelBuilder when(boolean condition, java.util.function.Consumer<ModelBuilder> more) {
            if (condition) {
                more.accept(this);
            }
            return this;
        }
    }

    private void defineModels() {
        int v = version;
        new ModelBuilder("res.company").ch("name", "Company Name").m2o("currency_id", "Currency", "res.currency")
                .sel("tax_calculation_rounding_method", "Tax Calculation Rounding Method", false,
                        "round_per_line", "Round per Line", "round_globally", "Round Globally")
                .when(v >= 18, b -> b.sel("account_price_include", "Default Sales Price Include", true,
                        "tax_included", "Tax Included", "tax_excluded", "Tax Excluded"));
        new ModelBuilder("res.currency").ch("name", "Currency").fl("rounding", "Rounding Factor")
                .integer("decimal_places", "Decimal Places").ch("symbol", "Symbol");
        new ModelBuilder("decimal.precision").ch("name", "Usage").integer("digits", "Digits");
        new ModelBuilder("res.users").ch("login", "Login").ch("name", "Name").m2o("partner_id", "Related Partner", "res.partner")
                .m2o("company_id", "Company", "res.company");
        if (v >= 19) {
            new ModelBuilder("res.users.apikeys").ch("name", "Description").m2o("user_id", "User", "res.users")
                    .ch("scope", "Scope").datetime("expiration_date", "Expiration Date");
        }
        new ModelBuilder("ir.module.module").ch("name", "Technical Name").ch("latest_version", "Latest Version")
                .sel("state", "Status", false, "uninstallable", "Uninstallable", "uninstalled", "Not Installed",
                        "installed", "Installed", "to upgrade", "To be upgraded", "to remove", "To be removed", "to install", "To be installed");
        new ModelBuilder("ir.model.data").ch("module", "Module").ch("name", "External Identifier").ch("model", "Model Name")
                .integer("res_id", "Record ID").bool("noupdate", "Non Updatable").ch("complete_name", "Complete ID");
        new ModelBuilder("res.partner").ch("name", "Name").bool("is_company", "Is a Company").ch("email", "Email")
                .ch("phone", "Phone").when(v <= 18, b -> b.ch("mobile", "Mobile")).ch("vat", "Tax ID")
                .m2o("parent_id", "Related Company", "res.partner")
                .sel("type", "Address Type", false, "contact", "Contact", "invoice", "Invoice Address",
                        "delivery", "Delivery Address", "other", "Other Address")
                .ch("street", "Street").ch("street2", "Street2").ch("city", "City").ch("zip", "Zip")
                .m2o("country_id", "Country", "res.country").bool("active", "Active").ch("ref", "Reference")
                .m2o("state_id", "State", "res.country.state")
                .o2m("child_ids", "Contact", "res.partner", "parent_id");
        // Countries and states (added for the order sync's address lookups).
        new ModelBuilder("res.country").ch("name", "Country Name").ch("code", "Country Code");
        new ModelBuilder("res.country.state").ch("name", "State Name").ch("code", "State Code")
                .m2o("country_id", "Country", "res.country");
        for (String model : List.of("product.template", "product.product")) {
            new ModelBuilder(model).ch("name", "Name").ch("default_code", "Internal Reference").fl("list_price", "Sales Price")
                    .when(v <= 17, b -> b.add("type", "selection", "Type", null, false,
                                    List.of(List.of("consu", "Consumable"), List.of("service", "Service"), List.of("product", "Storable Product")), null)
                            .add("detailed_type", "selection", "Product Type", null, true,
                                    List.of(List.of("consu", "Consumable"), List.of("service", "Service"), List.of("product", "Storable Product")), null))
                    .when(v >= 18, b -> b.add("type", "selection", "Product Type", null, true,
                                    List.of(List.of("consu", "Goods"), List.of("service", "Service"), List.of("combo", "Combo")), null)
                            .bool("is_storable", "Track Inventory"))
                    .m2m("taxes_id", v >= 18 ? "Sales Taxes" : "Customer Taxes", "account.tax")
                    .sel("invoice_policy", "Invoicing Policy", false, "order", "Ordered quantities", "delivery", "Delivered quantities")
                    .bool("active", "Active")
                    .when(model.equals("product.product"), b -> b.m2o("product_tmpl_id", "Product Template", "product.template"));
        }
        new ModelBuilder("account.tax").ch("name", "Tax Name").fl("amount", "Amount")
                .sel("amount_type", "Tax Computation", true, "group", "Group of Taxes", "fixed", "Fixed", "percent", "Percentage of Price", "division", "Percentage of Price Tax Included")
                .sel("type_tax_use", "Tax Type", true, "sale", "Sales", "purchase", "Purchases", "none", "None")
                .bool("price_include", "Included in Price")
                .bool("include_base_amount", "Affect Base of Subsequent Taxes")
                .when(v >= 18, b -> b.sel("price_include_override", "Included in Price", false, "tax_included", "Tax Included", "tax_excluded", "Tax Excluded"))
                .bool("active", "Active");
        new ModelBuilder("account.journal").ch("name", "Journal Name").ch("code", "Short Code")
                .sel("type", "Type", true, "sale", "Sales", "purchase", "Purchase", "cash", "Cash", "bank", "Bank", "general", "Miscellaneous")
                .bool("active", "Active");
        new ModelBuilder("sale.order").ch("name", "Order Reference").m2o("partner_id", "Customer", "res.partner")
                .m2o("partner_invoice_id", "Invoice Address", "res.partner").m2o("partner_shipping_id", "Delivery Address", "res.partner")
                .ch("client_order_ref", "Customer Reference").ch("origin", "Source Document").text("note", "Terms and conditions")
                .sel("state", "Status", false, v >= 17
                        ? new String[] {"draft", "Quotation", "sent", "Quotation Sent", "sale", "Sales Order", "cancel", "Cancelled"}
                        : new String[] {"draft", "Quotation", "sent", "Quotation Sent", "sale", "Sales Order", "done", "Locked", "cancel", "Cancelled"})
                .when(v >= 17, b -> b.bool("locked", "Locked"))
                .o2m("order_line", "Order Lines", "sale.order.line", "order_id")
                .money("amount_untaxed", "Untaxed Amount").money("amount_tax", "Taxes").money("amount_total", "Total")
                .money("amount_to_invoice", "Un-invoiced Balance").money("amount_invoiced", "Already invoiced")
                .m2o("currency_id", "Currency", "res.currency").m2o("company_id", "Company", "res.company")
                .m2m("invoice_ids", "Invoices", "account.move")
                .sel("invoice_status", "Invoice Status", false, "upselling", "Upselling Opportunity", "invoiced", "Fully Invoiced",
                        "to invoice", "To Invoice", "no", "Nothing to Invoice")
                .o2m("picking_ids", "Transfers", "stock.picking", "sale_id")
                .sel("delivery_status", "Delivery Status", false, "pending", "Not Delivered", "started", "Started",
                        "partial", "Partially Delivered", "full", "Fully Delivered")
                .datetime("date_order", "Order Date");
        new ModelBuilder("sale.order.line").m2o("order_id", "Order Reference", "sale.order").text("name", "Description")
                .m2o("product_id", "Product", "product.product").fl("product_uom_qty", "Quantity").fl("price_unit", "Unit Price")
                .fl("discount", "Discount (%)")
                .m2m(v >= 19 ? "tax_ids" : "tax_id", "Taxes", "account.tax")
                .m2o(v >= 19 ? "product_uom_id" : "product_uom", v >= 19 ? "Unit" : "Unit of Measure", "uom.uom")
                .money("price_subtotal", "Subtotal").money("price_tax", "Total Tax").money("price_total", "Total")
                .fl("qty_invoiced", "Invoiced Quantity").fl("qty_delivered", "Delivery Quantity")
                .sel("display_type", "Display Type", false, "line_section", "Section", "line_note", "Note");
        new ModelBuilder("sale.advance.payment.inv")
                .sel("advance_payment_method", "Create Invoice", true, "delivered", "Regular invoice", "percentage", "Down payment (percentage)", "fixed", "Down payment (fixed amount)")
                .m2m("sale_order_ids", "Sales Orders", "sale.order");
        new ModelBuilder("sale.order.cancel").m2o("order_id", "Sale Order", "sale.order");
        new ModelBuilder("account.move").ch("name", "Number").ch("ref", "Reference").ch("invoice_origin", "Origin")
                .sel("move_type", "Type", true, "entry", "Journal Entry", "out_invoice", "Customer Invoice", "out_refund", "Customer Credit Note")
                .sel("state", "Status", true, "draft", "Draft", "posted", "Posted", "cancel", "Cancelled")
                .m2o("partner_id", "Partner", "res.partner").m2o("journal_id", "Journal", "account.journal")
                .m2o("currency_id", "Currency", "res.currency").date("invoice_date", "Invoice/Bill Date")
                .money("amount_untaxed", "Untaxed Amount").money("amount_tax", "Tax").money("amount_total", "Total")
                .money("amount_residual", "Amount Due")
                .sel("payment_state", "Payment Status", false, "not_paid", "Not Paid", "in_payment", "In Payment", "paid", "Paid",
                        "partial", "Partially Paid", "reversed", "Reversed")
                .m2o("reversed_entry_id", "Reversal of", "account.move")
                .o2m("invoice_line_ids", "Invoice lines", "account.move.line", "move_id")
                .o2m("line_ids", "Journal Items", "account.move.line", "move_id");
        // Accounts: only what reconciliation needs (added for credit notes settled against an open invoice).
        new ModelBuilder("account.account").ch("code", "Code").ch("name", "Account Name")
                .sel("account_type", "Type", true, "asset_receivable", "Receivable", "liability_payable", "Payable",
                        "asset_cash", "Bank and Cash", "income", "Income", "liability_current", "Current Liabilities")
                .bool("reconcile", "Allow Reconciliation");
        new ModelBuilder("account.move.line").m2o("move_id", "Journal Entry", "account.move").ch("name", "Label")
                .m2o("account_id", "Account", "account.account").bool("reconciled", "Reconciled")
                .money("amount_residual", "Residual Amount")
                .sel("display_type", "Display Type", false, "product", "Product", "cogs", "Cost of Goods Sold", "tax", "Tax",
                        "payment_term", "Payment Term", "line_section", "Section", "line_note", "Note")
                .m2o("product_id", "Product", "product.product").fl("quantity", "Quantity").fl("price_unit", "Unit Price")
                .fl("discount", "Discount (%)").money("price_subtotal", "Subtotal").money("price_total", "Total")
                .m2m("tax_ids", "Taxes", "account.tax").m2m("sale_line_ids", "Sales Order Lines", "sale.order.line");
        new ModelBuilder("account.payment.register").m2o("journal_id", "Journal", "account.journal").date("payment_date", "Payment Date")
                .ch("communication", "Memo").money("amount", "Amount").m2o("payment_method_line_id", "Payment Method", "account.payment.method.line")
                .m2m("line_ids", "Journal items", "account.move.line");
        new ModelBuilder("account.payment").money("amount", "Amount").m2o("journal_id", "Journal", "account.journal")
                .m2o("partner_id", "Customer/Vendor", "res.partner").date("date", "Date")
                .ch(v >= 18 ? "memo" : "ref", v >= 18 ? "Memo" : "Reference").ch("payment_reference", "Payment Reference")
                .bool("is_reconciled", "Is Reconciled")
                .sel("state", v >= 18 ? "State" : "Status", false, v >= 18
                        ? new String[] {"draft", "Draft", "in_process", "In Process", "paid", "Paid", "canceled", "Canceled", "rejected", "Rejected"}
                        : new String[] {"draft", "Draft", "posted", "Posted", "cancel", "Cancelled"})
                .m2m("reconciled_invoice_ids", "Reconciled Invoices", "account.move");
        new ModelBuilder("account.move.reversal").m2m("move_ids", "Move", "account.move").ch("reason", "Reason")
                .m2o("journal_id", "Journal", "account.journal").date("date", "Reversal date")
                .when(v <= 16, b -> b.sel("refund_method", "Credit Method", true, "refund", "Partial Refund", "cancel", "Full Refund", "modify", "Full refund and new draft invoice"))
                .m2m("new_move_ids", "New Move", "account.move");
        new ModelBuilder("stock.picking").ch("name", "Reference").ch("origin", "Source Document")
                .sel("state", "Status", false, "draft", "Draft", "waiting", "Waiting Another Operation", "confirmed", "Waiting",
                        "assigned", "Ready", "done", "Done", "cancel", "Cancelled")
                .m2o("sale_id", "Sales Order", "sale.order").m2o("partner_id", "Contact", "res.partner")
                .datetime("date_done", "Date of Transfer")
                .o2m("move_ids", "Stock Moves", "stock.move", "picking_id")
                .when(v <= 18, b -> b.o2m("move_ids_without_package", "Stock moves not in package", "stock.move", "picking_id"));
        new ModelBuilder("stock.move").m2o("picking_id", "Transfer", "stock.picking").m2o("product_id", "Product", "product.product")
                .ch("name", "Description").fl("product_uom_qty", "Demand")
                .fl(version <= 16 ? "quantity_done" : "quantity", version <= 16 ? "Quantity Done" : "Quantity")
                .when(v >= 17, b -> b.bool("picked", "Picked"))
                .sel("state", "Status", false, "draft", "New", "waiting", "Waiting Another Move", "confirmed", "Waiting Availability",
                        "partially_available", "Partially Available", "assigned", "Available", "done", "Done", "cancel", "Cancelled")
                .m2o("sale_line_id", "Sale Line", "sale.order.line");
    }

    private void seed() {
        insert("res.currency", version == 16 ? 2 : 1, Map.of("name", "USD", "rounding", 0.01, "decimal_places", 2, "symbol", "$"));
        Map<String, Object> company = new LinkedHashMap<>();
        company.put("name", "My Company");
        company.put("currency_id", version == 16 ? 2L : 1L);
        company.put("tax_calculation_rounding_method", "round_per_line");
        if (version >= 18) {
            company.put("account_price_include", "tax_excluded");
        }
        insert("res.company", 1, company);
        insert("decimal.precision", 1, Map.of("name", "Product Price", "digits", 2));
        insert("decimal.precision", 2, Map.of("name", "Discount", "digits", 2));
        insert("res.country", 233, Map.of("name", "United States", "code", "US"));
        insert("res.country", 38, Map.of("name", "Canada", "code", "CA"));
        insert("res.country", 57, Map.of("name", "Germany", "code", "DE"));
        insert("res.country.state", 13, Map.of("name", "California", "code", "CA", "country_id", 233L));
        insert("res.country.state", 45, Map.of("name", "New York", "code", "NY", "country_id", 233L));
        insert("res.partner", 1, Map.of("name", "My Company", "is_company", true, "type", "contact", "active", true));
        insert("res.partner", 3, Map.of("name", "Administrator", "is_company", false, "type", "contact", "active", true));
        insert("res.users", 2, Map.of("login", "admin", "name", "Administrator", "partner_id", 3L, "company_id", 1L));
        String[][] modules = {{"sale_management", "installed"}, {"account", "installed"}, {"stock", "installed"},
                {"delivery", "uninstalled"}, {"rpc", version >= 19 ? "installed" : "uninstallable"}};
        long mid = 400;
        for (String[] m : modules) {
            if (m[0].equals("rpc") && version < 19) {
                continue;
            }
            insert("ir.module.module", mid++, Map.of("name", m[0], "state", m[1], "latest_version",
                    m[1].equals("installed") ? version + ".0.1.0" : false));
        }
        insert("account.tax", 1, Map.of("name", version == 16 ? "Tax 15%" : "15%", "amount", 15.0, "amount_type", "percent",
                "type_tax_use", "sale", "price_include", false, "active", true));
        insert("account.tax", 2, Map.of("name", "15%", "amount", 15.0, "amount_type", "percent", "type_tax_use", "purchase",
                "price_include", false, "active", true));
        if (version >= 19) {
            insert("account.tax", 3, Map.of("name", "0% Exports", "amount", 0.0, "amount_type", "percent", "type_tax_use", "sale",
                    "price_include", false, "active", true));
        }
        insert("account.account", RECEIVABLE, Map.of("code", "121000", "name", "Account Receivable", "account_type", "asset_receivable",
                "reconcile", true));
        insert("account.account", 21, Map.of("code", "400000", "name", "Product Sales", "account_type", "income", "reconcile", false));
        insert("account.journal", 1, Map.of("name", "Customer Invoices", "code", "INV", "type", "sale", "active", true));
        insert("account.journal", 2, Map.of("name", "Vendor Bills", "code", "BILL", "type", "purchase", "active", true));
        insert("account.journal", 3, Map.of("name", "Miscellaneous Operations", "code", "MISC", "type", "general", "active", true));
        insert("account.journal", version == 16 ? 7 : 6, Map.of("name", "Bank", "code", "BNK1", "type", "bank", "active", true));
        if (version <= 18) {
            insert("account.journal", version == 16 ? 6 : 7, Map.of("name", "Cash", "code", "CSH1", "type", "cash", "active", true));
        }
        if (version >= 19) {
            insert("res.users.apikeys", 1, Map.of("name", "woosync", "user_id", 2L, "scope", "rpc", "expiration_date",
                    LocalDateTime.now().plusDays(90).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))));
        }
    }

    /** A copy of every table, to undo a call that fails (ids and document numbers stay consumed, as in Odoo). */
    Map<String, TreeMap<Long, Map<String, Object>>> snapshot() {
        Map<String, TreeMap<Long, Map<String, Object>>> copy = new HashMap<>();
        tables.forEach((model, rows) -> {
            TreeMap<Long, Map<String, Object>> t = new TreeMap<>();
            rows.forEach((id, r) -> {
                Map<String, Object> rc = new LinkedHashMap<>();
                r.forEach((k, v) -> rc.put(k, v instanceof List<?> l ? new ArrayList<>(l) : v));
                t.put(id, rc);
            });
            copy.put(model, t);
        });
        return copy;
    }

    void restore(Map<String, TreeMap<Long, Map<String, Object>>> snapshot) {
        tables.clear();
        tables.putAll(snapshot);
    }

    /** Seeds a record with a given id (for setup), filling defaults. */
    void insert(String model, long id, Map<String, ?> vals) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("id", id);
        vals.forEach((k, val) -> rec.put(k, val instanceof Boolean b && !b && !"boolean".equals(field(model, k).type()) ? null : val));
        tables.get(model).put(id, rec);
        sequences.merge(model, id + 1, Math::max);
    }

    Field field(String model, String name) {
        Field f = models.get(model).get(name);
        if (f == null) {
            throw new IllegalArgumentException("stand-in model " + model + " has no field " + name);
        }
        return f;
    }

    boolean hasModel(String model) {
        return models.containsKey(model);
    }

    // =============================================================== ORM

    List<Long> search(String model, List<?> domain, Integer offset, Integer limit, String order) {
        for (Object leaf : domain == null ? List.of() : domain) {
            if (leaf instanceof List<?> l && l.size() == 3) {
                String path = String.valueOf(l.get(0));
                String fieldName = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
                if (!models.get(model).containsKey(fieldName)) {
                    throw StandInError.value("Invalid field " + model + "." + fieldName + " in " + (version >= 19 ? "condition" : "leaf")
                            + " " + pyRepr(l));
                }
            }
        }
        List<Long> out = new ArrayList<>();
        Collection<Map<String, Object>> rows = tables.get(model).values();
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        if (model.equals("account.journal")) {
            // _order = 'sequence, type, code'
            sorted.sort(java.util.Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.get("type")))
                    .thenComparing(r -> String.valueOf(r.get("code"))));
        } else if (model.equals("account.payment")) {
            // _order = 'date desc, name desc': the newest first
            java.util.Collections.reverse(sorted);
        }
        if (order != null && order.trim().toLowerCase(Locale.ROOT).endsWith("desc")) {
            java.util.Collections.reverse(sorted);
        }
        for (Map<String, Object> r : sorted) {
            if (isInactive(model, r, domain)) {
                continue;
            }
            if (matches(model, r, domain == null ? List.of() : domain)) {
                out.add((Long) r.get("id"));
            }
        }
        int from = offset == null ? 0 : Math.min(offset, out.size());
        int to = limit == null || limit <= 0 ? out.size() : Math.min(out.size(), from + limit);
        return new ArrayList<>(out.subList(from, to));
    }

    private boolean isInactive(String model, Map<String, Object> r, List<?> domain) {
        if (!models.get(model).containsKey("active") || Boolean.TRUE.equals(r.get("active")) || r.get("active") == null) {
            return false;
        }
        // Archived records are hidden unless the domain asks about "active".
        for (Object leaf : domain == null ? List.of() : domain) {
            if (leaf instanceof List<?> l && !l.isEmpty() && "active".equals(l.get(0))) {
                return false;
            }
        }
        return true;
    }

    List<Map<String, Object>> read(String model, List<Long> ids, List<String> fields) {
        List<String> wanted = fields == null || fields.isEmpty() ? new ArrayList<>(models.get(model).keySet()) : fields;
        for (String f : wanted) {
            if (!models.get(model).containsKey(f)) {
                throw StandInError.value("Invalid field '" + f + "' on model '" + model + "'");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Long id : ids) {
            Map<String, Object> rec = tables.get(model).get(id);
            if (rec == null) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            for (String f : wanted) {
                if (!f.equals("id")) {
                    row.put(f, format(model, rec, f));
                }
            }
            out.add(row);
        }
        return out;
    }

    private Object format(String model, Map<String, Object> rec, String name) {
        Field f = models.get(model).get(name);
        if (name.equals("display_name")) {
            return displayName(model, rec);
        }
        Object value = rec.get(name);
        switch (f.type()) {
            case "many2one" -> {
                if (value == null) {
                    return false;
                }
                Map<String, Object> target = tables.containsKey(f.relation()) ? tables.get(f.relation()).get((Long) value) : null;
                return List.of(value, target == null ? f.relation() + "," + value : displayName(f.relation(), target));
            }
            case "one2many" -> {
                List<Long> ids = new ArrayList<>();
                for (Map<String, Object> child : tables.get(f.relation()).values()) {
                    if (value(child.get(f.inverse())) == (Long) rec.get("id")) {
                        ids.add((Long) child.get("id"));
                    }
                }
                return ids;
            }
            case "many2many" -> {
                return value == null ? List.of() : value;
            }
            case "float", "monetary" -> {
                return value == null ? 0.0 : ((Number) value).doubleValue();
            }
            case "integer" -> {
                return value == null ? 0 : value;
            }
            case "boolean" -> {
                return value != null && (Boolean) value;
            }
            default -> {
                return value == null ? false : value;
            }
        }
    }

    private static long value(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    String displayName(String model, Map<String, Object> rec) {
        return switch (model) {
            case "product.product", "product.template" -> rec.get("default_code") == null ? (String) rec.get("name")
                    : "[" + rec.get("default_code") + "] " + rec.get("name");
            case "res.partner" -> {
                Object parent = rec.get("parent_id");
                String name = rec.get("name") == null ? "" : (String) rec.get("name");
                if (parent != null && tables.get("res.partner").containsKey((Long) parent)) {
                    yield tables.get("res.partner").get((Long) parent).get("name") + ", " + name;
                }
                yield name;
            }
            case "account.move" -> rec.get("ref") == null ? String.valueOf(rec.get("name")) : rec.get("name") + " (" + rec.get("ref") + ")";
            case "ir.model.data" -> rec.get("module") + "." + rec.get("name");
            default -> rec.get("name") == null ? model + "," + rec.get("id") : String.valueOf(rec.get("name"));
        };
    }

    Map<String, Object> fieldsGet(String model, List<String> allfields, List<String> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : models.get(model).values()) {
            if (allfields != null && !allfields.isEmpty() && !allfields.contains(f.name())) {
                continue;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            List<String> attrs = attributes == null || attributes.isEmpty()
                    ? List.of("type", "string", "required", "relation", "selection") : attributes;
            for (String a : attrs) {
                switch (a) {
                    case "type" -> d.put("type", f.type());
                    case "string" -> d.put("string", f.string());
                    case "required" -> d.put("required", f.required());
                    case "relation" -> {
                        if (f.relation() != null) {
                            d.put("relation", f.relation());
                        }
                    }
                    case "selection" -> {
                        if (f.selection() != null) {
                            d.put("selection", f.selection());
                        }
                    }
                    default -> {
                    }
                }
            }
            out.put(f.name(), d);
        }
        return out;
    }

    void checkAccess(String model, String operation) {
        if (denied.contains(model + ":" + operation)) {
            throw StandInError.access("You are not allowed to " + (operation.equals("read") ? "access" : operation) + " '"
                    + model + "' (" + model + ") records.");
        }
    }

    long create(String model, Map<String, Object> vals, Map<String, Object> context) {
        checkAccess(model, "create");
        for (String k : vals.keySet()) {
            if (!models.get(model).containsKey(k)) {
                throw StandInError.value("Invalid field '" + k + "' in '" + model + "'");
            }
        }
        if (version <= 17 && model.startsWith("product.") && vals.containsKey("type") && !vals.containsKey("detailed_type")) {
            // 16-17 keep type and detailed_type in step; a create with only the old field sets both.
            vals.put("detailed_type", vals.get("type"));
        }
        return createChecked(model, vals, context);
    }

    private long createChecked(String model, Map<String, Object> vals, Map<String, Object> context) {
        Map<String, Object> rec = new LinkedHashMap<>();
        long id = nextId(model);
        rec.put("id", id);
        defaults(model, rec, context);
        List<Runnable> after = new ArrayList<>();
        for (Map.Entry<String, Object> e : vals.entrySet()) {
            assign(model, rec, e.getKey(), e.getValue(), after);
        }
        onCreate(model, rec, context);
        tables.get(model).put(id, rec);
        after.forEach(Runnable::run);
        recompute(model, id);
        return id;
    }

    void write(String model, List<Long> ids, Map<String, Object> vals) {
        checkAccess(model, "write");
        List<Long> missing = ids.stream().filter(id -> !tables.get(model).containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw StandInError.missing(model, missing, uid);
        }
        for (String k : vals.keySet()) {
            if (!models.get(model).containsKey(k)) {
                throw StandInError.value("Invalid field '" + k + "' in '" + model + "'");
            }
        }
        for (Long id : ids) {
            Map<String, Object> rec = tables.get(model).get(id);
            if (model.equals("account.move") && "posted".equals(rec.get("state")) && vals.containsKey("invoice_line_ids")) {
                throw StandInError.user("You cannot modify a posted entry of this journal because it is in strict mode.");
            }
            List<Runnable> after = new ArrayList<>();
            for (Map.Entry<String, Object> e : vals.entrySet()) {
                assign(model, rec, e.getKey(), e.getValue(), after);
            }
            after.forEach(Runnable::run);
            if (model.equals("stock.move") && version >= 17 && vals.containsKey("quantity")) {
                rec.put("picked", num(rec.get("quantity")).signum() > 0);
            }
            recompute(model, id);
        }
    }

    @SuppressWarnings("unchecked")
    private void assign(String model, Map<String, Object> rec, String name, Object value, List<Runnable> after) {
        Field f = models.get(model).get(name);
        switch (f.type()) {
            case "many2one" -> rec.put(name, value instanceof Number n ? n.longValue() : null);
            case "many2many" -> {
                List<Long> current = rec.get(name) == null ? new ArrayList<>() : new ArrayList<>((List<Long>) rec.get(name));
                for (Object cmd : (List<Object>) value) {
                    if (cmd instanceof Number n) {
                        if (!current.contains(n.longValue())) {
                            current.add(n.longValue());
                        }
                    } else if (cmd instanceof List<?> c) {
                        int op = ((Number) c.get(0)).intValue();
                        switch (op) {
                            case 6 -> {
                                current.clear();
                                for (Object o : (List<Object>) c.get(2)) {
                                    current.add(((Number) o).longValue());
                                }
                                requireExisting(f.relation(), current);
                            }
                            case 4 -> {
                                long idv = ((Number) c.get(1)).longValue();
                                if (!current.contains(idv)) {
                                    current.add(idv);
                                }
                            }
                            case 3 -> current.remove(Long.valueOf(((Number) c.get(1)).longValue()));
                            case 5 -> current.clear();
                            default -> throw StandInError.value("Unsupported many2many command " + op + " on " + model + "." + name);
                        }
                    }
                }
                rec.put(name, current);
            }
            case "one2many" -> after.add(() -> {
                long parent = (Long) rec.get("id");
                for (Object cmd : (List<Object>) value) {
                    List<Object> c = (List<Object>) cmd;
                    int op = ((Number) c.get(0)).intValue();
                    switch (op) {
                        case 0 -> {
                            Map<String, Object> child = new LinkedHashMap<>((Map<String, Object>) c.get(2));
                            for (String k : child.keySet()) {
                                if (!models.get(f.relation()).containsKey(k)) {
                                    throw StandInError.value("Invalid field '" + k + "' on model '" + f.relation() + "'");
                                }
                            }
                            child.put(f.inverse(), parent);
                            createChecked(f.relation(), child, Map.of());
                        }
                        case 1 -> write(f.relation(), List.of(((Number) c.get(1)).longValue()), (Map<String, Object>) c.get(2));
                        case 2, 3 -> {
                            long childId = ((Number) c.get(1)).longValue();
                            if (f.relation().equals("sale.order.line") && "sale".equals(rec.get("state"))) {
                                // Odoo 17 sale.order.line._check_line_unlink / _unlink_except_confirmed.
                                throw StandInError.user("Once a sales order is confirmed, you can't remove one of its lines (we need to "
                                        + "track if something gets invoiced or delivered).\nSet the quantity to 0 instead.");
                            }
                            tables.get(f.relation()).remove(childId);
                        }
                        default -> throw StandInError.value("Unsupported one2many command " + op + " on " + model + "." + name);
                    }
                }
            });
            case "float", "monetary" -> rec.put(name, value instanceof Number n ? n.doubleValue() : 0.0);
            case "boolean" -> rec.put(name, Boolean.TRUE.equals(value));
            case "integer" -> rec.put(name, value instanceof Number n ? n.longValue() : 0L);
            case "selection" -> {
                if (value instanceof String s && f.selection().stream().noneMatch(p -> p.get(0).equals(s))) {
                    throw StandInError.value("Wrong value for " + model + "." + name + ": '" + s + "'");
                }
                rec.put(name, value instanceof String ? value : null);
            }
            default -> rec.put(name, value instanceof Boolean b && !b ? null : value);
        }
    }

    /** A many2many to records that do not exist fails as Odoo's foreign key does. */
    private void requireExisting(String model, List<Long> ids) {
        if (!tables.containsKey(model)) {
            return;
        }
        List<Long> missing = ids.stream().filter(id -> !tables.get(model).containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw StandInError.missing(model, missing, uid);
        }
    }

    private void defaults(String model, Map<String, Object> rec, Map<String, Object> ctx) {
        switch (model) {
            case "res.partner" -> {
                rec.put("type", "contact");
                rec.put("active", true);
                rec.put("is_company", false);
            }
            case "product.product", "product.template" -> {
                rec.put("active", true);
                rec.put("type", "consu");
                if (version <= 17) {
                    rec.put("detailed_type", "consu");
                } else {
                    rec.put("is_storable", false);
                }
                rec.put("taxes_id", new ArrayList<>(List.of(1L)));
                rec.put("list_price", 1.0);
                rec.put("invoice_policy", "order");
            }
            case "sale.order" -> {
                rec.put("state", "draft");
                rec.put("currency_id", version == 16 ? 2L : 1L);
                rec.put("company_id", 1L);
                rec.put("invoice_ids", new ArrayList<Long>());
                rec.put("invoice_status", "no");
                rec.put("date_order", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
                if (version >= 17) {
                    rec.put("locked", false);
                }
            }
            case "sale.order.line" -> {
                rec.put("product_uom_qty", 1.0);
                rec.put("discount", 0.0);
                rec.put("qty_invoiced", 0.0);
                rec.put("qty_delivered", 0.0);
            }
            case "account.move" -> {
                rec.put("state", "draft");
                rec.put("name", "/");
                rec.put("move_type", "entry");
                rec.put("payment_state", "not_paid");
                rec.put("currency_id", version == 16 ? 2L : 1L);
            }
            case "ir.model.data" -> rec.put("noupdate", false);
            case "account.payment.register", "sale.advance.payment.inv", "account.move.reversal" -> rec.put("_context", ctx);
            // As Odoo 16+: an invoice line written through invoice_line_ids is a product line unless it says otherwise.
            case "account.move.line" -> rec.put("display_type", "product");
            default -> {
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void onCreate(String model, Map<String, Object> rec, Map<String, Object> ctx) {
        switch (model) {
            case "res.partner" -> {
                if (rec.get("name") == null && "contact".equals(rec.get("type"))) {
                    throw StandInError.validation("The operation cannot be completed: Contacts require a name");
                }
            }
            case "product.product" -> {
                if (version <= 17 && rec.get("detailed_type") != null) {
                    String dt = (String) rec.get("detailed_type");
                    rec.put("type", dt);
                }
                Map<String, Object> tmpl = new LinkedHashMap<>(rec);
                tmpl.remove("id");
                tmpl.remove("product_tmpl_id");
                long t = createChecked("product.template", tmpl, Map.of());
                rec.put("product_tmpl_id", t);
            }
            case "sale.order" -> {
                if (rec.get("partner_id") == null) {
                    throw StandInError.validation("The operation cannot be completed: Customer is required");
                }
                rec.put("name", String.format("S%05d", nextNumber("sale.order")));
                rec.putIfAbsent("partner_invoice_id", rec.get("partner_id"));
                rec.putIfAbsent("partner_shipping_id", rec.get("partner_id"));
                if (rec.get("partner_invoice_id") == null) {
                    rec.put("partner_invoice_id", rec.get("partner_id"));
                }
                if (rec.get("partner_shipping_id") == null) {
                    rec.put("partner_shipping_id", rec.get("partner_id"));
                }
            }
            case "sale.order.line" -> {
                Map<String, Object> product = rec.get("product_id") == null ? null : tables.get("product.product").get((Long) rec.get("product_id"));
                if (product == null && rec.get("display_type") == null) {
                    throw StandInError.validation("The operation cannot be completed: Missing required product on a sales order line");
                }
                if (product != null) {
                    rec.putIfAbsent("name", displayName("product.product", product));
                    if (rec.get("price_unit") == null) {
                        rec.put("price_unit", product.get("list_price"));
                    }
                    String taxField = version >= 19 ? "tax_ids" : "tax_id";
                    if (rec.get(taxField) == null) {
                        rec.put(taxField, new ArrayList<>((List<Long>) product.getOrDefault("taxes_id", List.of())));
                    }
                }
            }
            case "ir.model.data" -> {
                for (Map<String, Object> other : tables.get("ir.model.data").values()) {
                    if (other.get("module").equals(rec.get("module")) && other.get("name").equals(rec.get("name"))) {
                        throw StandInError.validation("The operation cannot be completed: External ID " + rec.get("module") + "."
                                + rec.get("name") + " already exists.");
                    }
                }
                rec.put("complete_name", rec.get("module") + "." + rec.get("name"));
            }
            case "sale.advance.payment.inv" -> rec.put("sale_order_ids", activeIds(ctx));
            case "account.move.reversal" -> {
                if (rec.get("journal_id") == null) {
                    throw StandInError.user("Journal is required to reverse an entry.");
                }
            }
            default -> {
            }
        }
    }

    private long nextId(String model) {
        long id = sequences.getOrDefault(model, 1L);
        sequences.put(model, id + 1);
        return id;
    }

    private int nextNumber(String key) {
        return names.merge(key, 1, Integer::sum);
    }

    @SuppressWarnings("unchecked")
    static List<Long> activeIds(Map<String, Object> ctx) {
        List<Long> out = new ArrayList<>();
        Object ids = ctx == null ? null : ctx.get("active_ids");
        if (ids instanceof List<?> l) {
            l.forEach(o -> out.add(((Number) o).longValue()));
        } else if (ctx != null && ctx.get("active_id") instanceof Number n) {
            out.add(n.longValue());
        }
        return out;
    }

    // =============================================================== computed amounts

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    static BigDecimal num(Object o) {
        return o == null ? BigDecimal.ZERO : o instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(((Number) o).doubleValue()));
    }

    static BigDecimal cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    private boolean roundGlobally() {
        return "round_globally".equals(tables.get("res.company").get(1L).get("tax_calculation_rounding_method"));
    }

    /** One line's amounts: [subtotal, tax (rounded per line), total, tax unrounded per tax id]. */
    private record LineAmounts(BigDecimal subtotal, BigDecimal tax, BigDecimal total, Map<Long, BigDecimal> rawTaxes) {
    }

    /**
     * Odoo's line computation: {@code price_reduce = price_unit × (1 − discount/100)}, base =
     * price_reduce × qty rounded to the currency (per line), each percent tax computed on that base
     * and, with {@code round_per_line}, rounded per line; price-included taxes are taken out of the
     * base first.
     */
    private LineAmounts lineAmounts(Object priceUnit, Object qty, Object discount, List<Long> taxIds) {
        BigDecimal reduce = num(priceUnit).multiply(BigDecimal.ONE.subtract(num(discount).divide(HUNDRED, 10, RoundingMode.HALF_UP)));
        BigDecimal base = reduce.multiply(num(qty));
        BigDecimal gross = roundGlobally() ? base : cents(base);
        BigDecimal excluded = gross;
        Map<Long, BigDecimal> raw = new LinkedHashMap<>();
        for (Long t : taxIds == null ? List.<Long>of() : taxIds) {
            Map<String, Object> tax = tables.get("account.tax").get(t);
            if (tax == null) {
                continue;
            }
            BigDecimal rate = num(tax.get("amount")).divide(HUNDRED, 10, RoundingMode.HALF_UP);
            boolean included = Boolean.TRUE.equals(tax.get("price_include")) || "tax_included".equals(tax.get("price_include_override"));
            BigDecimal amount;
            if (included) {
                // Odoo 17's compute_all with round_per_line rounds the untaxed base first,
                // total_excluded = currency.round(price / (1 + rate)), and the included tax is the rest
                // (its "checkpoint": price − total_excluded), so untaxed + tax is the gross price exactly.
                // Rounding the tax first instead puts a half-cent tie on the wrong side (and the line a
                // cent off its price). round_globally keeps the unrounded split.
                BigDecimal net = gross.divide(BigDecimal.ONE.add(rate), 10, RoundingMode.HALF_UP);
                amount = gross.subtract(roundGlobally() ? net : cents(net));
                excluded = excluded.subtract(amount);
            } else {
                amount = gross.multiply(rate);
            }
            raw.put(t, amount);
        }
        BigDecimal taxRounded = BigDecimal.ZERO;
        for (BigDecimal a : raw.values()) {
            taxRounded = taxRounded.add(cents(a));
        }
        BigDecimal subtotal = cents(excluded);
        return new LineAmounts(subtotal, taxRounded, subtotal.add(taxRounded), raw);
    }

    private BigDecimal orderTax(List<LineAmounts> lines) {
        if (!roundGlobally()) {
            return lines.stream().map(LineAmounts::tax).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        Map<Long, BigDecimal> perTax = new LinkedHashMap<>();
        lines.forEach(l -> l.rawTaxes().forEach((t, a) -> perTax.merge(t, a, BigDecimal::add)));
        return perTax.values().stream().map(StandInDatabase::cents).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @SuppressWarnings("unchecked")
    void recompute(String model, long id) {
        switch (model) {
            case "sale.order.line" -> {
                Map<String, Object> l = tables.get(model).get(id);
                if (l != null && l.get("order_id") != null) {
                    recompute("sale.order", (Long) l.get("order_id"));
                }
            }
            case "sale.order" -> {
                Map<String, Object> o = tables.get(model).get(id);
                String taxField = version >= 19 ? "tax_ids" : "tax_id";
                List<LineAmounts> amounts = new ArrayList<>();
                BigDecimal untaxed = BigDecimal.ZERO;
                BigDecimal toInvoice = BigDecimal.ZERO;
                BigDecimal invoiced = BigDecimal.ZERO;
                boolean anyToInvoice = false;
                for (Map<String, Object> l : lines("sale.order.line", "order_id", id)) {
                    LineAmounts a = lineAmounts(l.get("price_unit"), l.get("product_uom_qty"), l.get("discount"), (List<Long>) l.get(taxField));
                    l.put("price_subtotal", a.subtotal().doubleValue());
                    l.put("price_tax", a.tax().doubleValue());
                    l.put("price_total", a.total().doubleValue());
                    amounts.add(a);
                    untaxed = untaxed.add(a.subtotal());
                    BigDecimal qtyInvoiced = num(l.get("qty_invoiced"));
                    BigDecimal qty = num(l.get("product_uom_qty"));
                    if (qty.signum() != 0) {
                        BigDecimal unitTotal = a.total().divide(qty, 10, RoundingMode.HALF_UP);
                        invoiced = invoiced.add(unitTotal.multiply(qtyInvoiced));
                        toInvoice = toInvoice.add(unitTotal.multiply(qty.subtract(qtyInvoiced)));
                    }
                    if (qtyInvoiced.compareTo(qty) < 0) {
                        anyToInvoice = true;
                    }
                }
                BigDecimal tax = orderTax(amounts);
                o.put("amount_untaxed", untaxed.doubleValue());
                o.put("amount_tax", tax.doubleValue());
                o.put("amount_total", untaxed.add(tax).doubleValue());
                boolean confirmed = "sale".equals(o.get("state"));
                o.put("amount_invoiced", cents(invoiced).doubleValue());
                o.put("amount_to_invoice", confirmed ? cents(toInvoice).doubleValue() : 0.0);
                o.put("invoice_status", !confirmed ? "no" : anyToInvoice ? "to invoice" : "invoiced");
            }
            case "account.move.line" -> {
                Map<String, Object> l = tables.get(model).get(id);
                if (l != null && l.get("move_id") != null) {
                    recompute("account.move", (Long) l.get("move_id"));
                }
            }
            case "account.move" -> recomputeMove(id);
            default -> {
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void recomputeMove(long id) {
        Map<String, Object> m = tables.get("account.move").get(id);
        if (m == null) {
            return;
        }
        List<LineAmounts> amounts = new ArrayList<>();
        BigDecimal untaxed = BigDecimal.ZERO;
        Map<Long, Boolean> taxesUsed = new LinkedHashMap<>();
        for (Map<String, Object> l : lines("account.move.line", "move_id", id)) {
            if (!"product".equals(l.get("display_type"))) {
                continue;
            }
            List<Long> taxIds = (List<Long>) l.get("tax_ids");
            LineAmounts a = lineAmounts(l.get("price_unit"), l.get("quantity"), l.get("discount"), taxIds);
            l.put("price_subtotal", a.subtotal().doubleValue());
            l.put("price_total", a.total().doubleValue());
            amounts.add(a);
            untaxed = untaxed.add(a.subtotal());
            if (taxIds != null) {
                taxIds.forEach(t -> taxesUsed.put(t, true));
            }
        }
        BigDecimal tax = orderTax(amounts);
        BigDecimal total = untaxed.add(tax);
        m.put("amount_untaxed", untaxed.doubleValue());
        m.put("amount_tax", tax.doubleValue());
        m.put("amount_total", total.doubleValue());
        if (!"posted".equals(m.get("state"))) {
            m.put("amount_residual", total.doubleValue());
        }
        if (m.containsKey("_tax_lines")) {
            syncTaxLines(id, taxesUsed);
        }
    }

    /** From now on the move keeps one tax line per tax used, after its product lines, as Odoo shows them. */
    @SuppressWarnings("unchecked")
    void addTaxLines(long id) {
        tables.get("account.move").get(id).put("_tax_lines", true);
        recomputeMove(id);
    }

    private void syncTaxLines(long id, Map<Long, Boolean> taxesUsed) {
        // Their own amounts live in debit/credit, which the workflow does not read: shown as 0 like Odoo does.
        tables.get("account.move.line").values().removeIf(l -> value(l.get("move_id")) == id && "tax".equals(l.get("display_type"))
                && !taxesUsed.containsKey(value(l.get("_tax"))));
        for (Long t : taxesUsed.keySet()) {
            boolean exists = lines("account.move.line", "move_id", id).stream()
                    .anyMatch(l -> "tax".equals(l.get("display_type")) && value(l.get("_tax")) == t);
            if (!exists) {
                long lid = nextId("account.move.line");
                Map<String, Object> tl = new LinkedHashMap<>();
                tl.put("id", lid);
                tl.put("move_id", id);
                tl.put("name", tables.get("account.tax").get(t).get("name"));
                tl.put("display_type", "tax");
                tl.put("quantity", 0.0);
                tl.put("price_unit", 0.0);
                tl.put("discount", 0.0);
                tl.put("price_subtotal", 0.0);
                tl.put("price_total", 0.0);
                tl.put("tax_ids", new ArrayList<Long>());
                tl.put("_tax", t);
                tables.get("account.move.line").put(lid, tl);
            }
        }
    }

    List<Map<String, Object>> lines(String model, String inverse, long parent) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> l : tables.get(model).values()) {
            if (value(l.get(inverse)) == parent) {
                out.add(l);
            }
        }
        return out;
    }

    // =============================================================== workflow

    Object callButton(String model, String method, List<Long> ids, Map<String, Object> ctx) {
        checkAccess(model, "write");
        List<Long> missing = ids.stream().filter(id -> !tables.get(model).containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw StandInError.missing(model, missing, uid);
        }
        return switch (model + "." + method) {
            case "sale.order.action_confirm" -> {
                ids.forEach(this::confirm);
                yield true;
            }
            case "sale.order.action_cancel" -> cancel(ids, ctx);
            case "sale.advance.payment.inv.create_invoices" -> createInvoices(ids.get(0));
            case "account.move.action_post" -> {
                ids.forEach(this::post);
                yield false;
            }
            case "account.payment.register.action_create_payments" -> createPayments(ids.get(0));
            case "account.move.reversal.refund_moves" -> {
                if (version <= 16) {
                    throw unknownMethod(model, method);
                }
                yield reverse(ids.get(0));
            }
            case "account.move.reversal.reverse_moves" -> reverse(ids.get(0));
            case "stock.picking.button_validate" -> validate(ids);
            case "account.move.line.reconcile" -> reconcile(ids);
            default -> throw unknownMethod(model, method);
        };
    }

    static boolean isButton(String model, String method) {
        return Set.of("sale.order.action_confirm", "sale.order.action_cancel", "sale.advance.payment.inv.create_invoices",
                "account.move.action_post", "account.payment.register.action_create_payments", "account.move.reversal.refund_moves",
                "account.move.reversal.reverse_moves", "stock.picking.button_validate", "account.move.line.reconcile")
                .contains(model + "." + method);
    }

    StandInError unknownMethod(String model, String method) {
        return new StandInError("builtins.AttributeError", "The method '" + model + "." + method + "' does not exist", 404);
    }

    @SuppressWarnings("unchecked")
    private void confirm(long orderId) {
        Map<String, Object> o = tables.get("sale.order").get(orderId);
        if (!"draft".equals(o.get("state")) && !"sent".equals(o.get("state"))) {
            throw StandInError.user("Some orders are not in a state requiring confirmation.");
        }
        o.put("state", "sale");
        List<Map<String, Object>> goods = new ArrayList<>();
        for (Map<String, Object> l : lines("sale.order.line", "order_id", orderId)) {
            Map<String, Object> p = l.get("product_id") == null ? null : tables.get("product.product").get((Long) l.get("product_id"));
            if (p != null && !"service".equals(p.get("type"))) {
                goods.add(l);
            }
        }
        if (!goods.isEmpty()) {
            Map<String, Object> pick = new LinkedHashMap<>();
            pick.put("origin", o.get("name"));
            pick.put("sale_id", orderId);
            pick.put("partner_id", o.get("partner_shipping_id"));
            pick.put("state", "confirmed");
            long pid = createChecked("stock.picking", pick, Map.of());
            tables.get("stock.picking").get(pid).put("name", String.format("WH/OUT/%05d", nextNumber("stock.picking")));
            for (Map<String, Object> l : goods) {
                Map<String, Object> mv = new LinkedHashMap<>();
                mv.put("picking_id", pid);
                mv.put("product_id", l.get("product_id"));
                mv.put("name", l.get("name"));
                mv.put("product_uom_qty", l.get("product_uom_qty"));
                mv.put(version <= 16 ? "quantity_done" : "quantity", 0.0);
                mv.put("state", "confirmed");
                mv.put("sale_line_id", l.get("id"));
                long mid = createChecked("stock.move", mv, Map.of());
                if (version >= 17) {
                    tables.get("stock.move").get(mid).put("picked", false);
                }
            }
        }
        recompute("sale.order", orderId);
    }

    private Object cancel(List<Long> ids, Map<String, Object> ctx) {
        boolean warn = version <= 18 && !Boolean.TRUE.equals(ctx.get("disable_cancel_warning"));
        for (Long id : ids) {
            Map<String, Object> o = tables.get("sale.order").get(id);
            if (warn && "sale".equals(o.get("state"))) {
                long wizard = createChecked("sale.order.cancel", Map.of("order_id", id), Map.of());
                return StandInActions.cancelWizard(version, id, wizard);
            }
        }
        for (Long id : ids) {
            Map<String, Object> o = tables.get("sale.order").get(id);
            o.put("state", "cancel");
            for (Map<String, Object> p : lines("stock.picking", "sale_id", id)) {
                if (!"done".equals(p.get("state"))) {
                    p.put("state", "cancel");
                }
            }
            recompute("sale.order", id);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private Object createInvoices(long wizardId) {
        Map<String, Object> wiz = tables.get("sale.advance.payment.inv").get(wizardId);
        List<Long> orders = (List<Long>) wiz.get("sale_order_ids");
        long lastInvoice = 0;
        long lastOrder = 0;
        for (Long orderId : orders) {
            Map<String, Object> o = tables.get("sale.order").get(orderId);
            String taxField = version >= 19 ? "tax_ids" : "tax_id";
            List<Map<String, Object>> toInvoice = new ArrayList<>();
            if ("sale".equals(o.get("state"))) {
                for (Map<String, Object> l : lines("sale.order.line", "order_id", orderId)) {
                    if (num(l.get("product_uom_qty")).compareTo(num(l.get("qty_invoiced"))) > 0) {
                        toInvoice.add(l);
                    }
                }
            }
            if (toInvoice.isEmpty()) {
                throw StandInError.user(StandInActions.NOTHING_TO_INVOICE);
            }
            Map<String, Object> move = new LinkedHashMap<>();
            move.put("move_type", "out_invoice");
            move.put("partner_id", o.get("partner_invoice_id"));
            move.put("journal_id", 1L);
            move.put("invoice_origin", o.get("name"));
            move.put("ref", o.get("client_order_ref"));
            long moveId = createChecked("account.move", move, Map.of());
            for (Map<String, Object> l : toInvoice) {
                BigDecimal qty = num(l.get("product_uom_qty")).subtract(num(l.get("qty_invoiced")));
                Map<String, Object> ml = new LinkedHashMap<>();
                ml.put("move_id", moveId);
                ml.put("name", l.get("name"));
                ml.put("display_type", "product");
                ml.put("product_id", l.get("product_id"));
                ml.put("quantity", qty.doubleValue());
                ml.put("price_unit", l.get("price_unit"));
                ml.put("discount", l.get("discount"));
                ml.put("tax_ids", List.of(List.of(6, 0, new ArrayList<>((List<Long>) l.getOrDefault(taxField, List.of())))));
                ml.put("sale_line_ids", List.of(List.of(6, 0, List.of(l.get("id")))));
                createChecked("account.move.line", ml, Map.of());
                l.put("qty_invoiced", num(l.get("qty_invoiced")).add(qty).doubleValue());
            }
            ((List<Long>) o.get("invoice_ids")).add(moveId);
            addTaxLines(moveId);
            recompute("sale.order", orderId);
            lastInvoice = moveId;
            lastOrder = orderId;
        }
        Map<String, Object> o = tables.get("sale.order").get(lastOrder);
        return StandInActions.invoices(version, lastInvoice, o);
    }

    @SuppressWarnings("unchecked")
    private void post(long moveId) {
        Map<String, Object> m = tables.get("account.move").get(moveId);
        if ("posted".equals(m.get("state"))) {
            throw StandInError.user("The entry " + m.get("name") + " (id " + moveId + ") is already posted.");
        }
        boolean refund = "out_refund".equals(m.get("move_type"));
        m.put("name", String.format("%s/%d/%05d", refund ? "RINV" : "INV", year, nextNumber(refund ? "RINV" : "INV")));
        m.put("state", "posted");
        m.putIfAbsent("invoice_date", LocalDate.now().toString());
        if (m.get("invoice_date") == null) {
            m.put("invoice_date", LocalDate.now().toString());
        }
        recomputeMove(moveId);
        m.put("amount_residual", m.get("amount_total"));
        m.put("payment_state", "not_paid");
        // The open amount sits on one receivable line (debit for an invoice, credit for a credit note): what
        // payments and account.move.line.reconcile settle.
        Map<String, Object> rl = new LinkedHashMap<>();
        long rlId = nextId("account.move.line");
        rl.put("id", rlId);
        rl.put("move_id", moveId);
        rl.put("name", m.get("name"));
        rl.put("display_type", "payment_term");
        rl.put("account_id", RECEIVABLE);
        rl.put("quantity", 0.0);
        rl.put("price_unit", 0.0);
        rl.put("discount", 0.0);
        rl.put("price_subtotal", 0.0);
        rl.put("price_total", 0.0);
        rl.put("tax_ids", new ArrayList<Long>());
        rl.put("sale_line_ids", new ArrayList<Long>());
        BigDecimal open = num(m.get("amount_total"));
        rl.put("amount_residual", (refund ? open.negate() : open).doubleValue());
        rl.put("reconciled", open.signum() == 0);
        tables.get("account.move.line").put(rlId, rl);
        if (refund) {
            // A credit note linked to order lines gives their quantity back to invoice.
            for (Map<String, Object> l : lines("account.move.line", "move_id", moveId)) {
                for (Long sl : (List<Long>) l.getOrDefault("sale_line_ids", List.of())) {
                    Map<String, Object> line = tables.get("sale.order.line").get(sl);
                    if (line != null) {
                        line.put("qty_invoiced", num(line.get("qty_invoiced")).subtract(num(l.get("quantity"))).doubleValue());
                        recompute("sale.order", (Long) line.get("order_id"));
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Object createPayments(long wizardId) {
        Map<String, Object> wiz = tables.get("account.payment.register").get(wizardId);
        List<Long> moves = activeIds((Map<String, Object>) wiz.get("_context"));
        long paymentId = 0;
        for (Long moveId : moves) {
            Map<String, Object> m = tables.get("account.move").get(moveId);
            if (m == null || !"posted".equals(m.get("state"))) {
                throw StandInError.user("You can only register payment for posted journal entries.");
            }
            BigDecimal residual = num(m.get("amount_residual"));
            if (residual.signum() == 0) {
                throw StandInError.user("You can't register a payment because there is nothing left to pay on the selected journal items.");
            }
            BigDecimal amount = wiz.get("amount") == null || num(wiz.get("amount")).signum() == 0 ? residual : num(wiz.get("amount"));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("amount", amount.doubleValue());
            p.put("journal_id", wiz.get("journal_id"));
            p.put("partner_id", m.get("partner_id"));
            p.put("date", wiz.get("payment_date") == null ? LocalDate.now().toString() : wiz.get("payment_date"));
            p.put(version >= 18 ? "memo" : "ref", wiz.get("communication"));
            p.put("state", version >= 18 ? "paid" : "posted");
            p.put("is_reconciled", true);
            p.put("reconciled_invoice_ids", List.of(moveId));
            paymentId = createChecked("account.payment", p, Map.of());
            BigDecimal left = residual.subtract(amount).max(BigDecimal.ZERO);
            m.put("amount_residual", left.doubleValue());
            m.put("payment_state", left.signum() == 0 ? "paid" : "partial");
            m.put("_paid", true);
            boolean refund = "out_refund".equals(m.get("move_type"));
            for (Map<String, Object> rl : receivableLines(moveId)) {
                rl.put("amount_residual", (refund ? left.negate() : left).doubleValue());
                rl.put("reconciled", left.signum() == 0);
            }
        }
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("name", "Payments");
        action.put("type", "ir.actions.act_window");
        action.put("res_model", "account.payment");
        action.put("context", Map.of("create", false));
        action.put("view_mode", "form");
        action.put("res_id", paymentId);
        return action;
    }

    @SuppressWarnings("unchecked")
    private Object reverse(long wizardId) {
        Map<String, Object> wiz = tables.get("account.move.reversal").get(wizardId);
        if (version <= 16 && wiz.get("refund_method") == null) {
            throw StandInError.validation("The operation cannot be completed: Credit Method is required");
        }
        List<Long> moves = wiz.get("move_ids") == null || ((List<Long>) wiz.get("move_ids")).isEmpty()
                ? activeIds((Map<String, Object>) wiz.get("_context")) : (List<Long>) wiz.get("move_ids");
        long last = 0;
        for (Long moveId : moves) {
            Map<String, Object> inv = tables.get("account.move").get(moveId);
            if (inv == null || !"posted".equals(inv.get("state"))) {
                throw StandInError.user("You can only reverse posted moves.");
            }
            Map<String, Object> cn = new LinkedHashMap<>();
            cn.put("move_type", "out_refund");
            cn.put("partner_id", inv.get("partner_id"));
            cn.put("journal_id", wiz.get("journal_id"));
            cn.put("invoice_origin", inv.get("invoice_origin"));
            cn.put("ref", "Reversal of: " + inv.get("name") + ", " + wiz.get("reason"));
            cn.put("reversed_entry_id", moveId);
            long cnId = createChecked("account.move", cn, Map.of());
            for (Map<String, Object> l : lines("account.move.line", "move_id", moveId)) {
                if (!"product".equals(l.get("display_type"))) {
                    continue;
                }
                Map<String, Object> cl = new LinkedHashMap<>();
                cl.put("move_id", cnId);
                cl.put("name", l.get("name"));
                cl.put("display_type", "product");
                cl.put("product_id", l.get("product_id"));
                cl.put("quantity", l.get("quantity"));
                cl.put("price_unit", l.get("price_unit"));
                cl.put("discount", l.get("discount"));
                cl.put("tax_ids", List.of(List.of(6, 0, new ArrayList<>((List<Long>) l.getOrDefault("tax_ids", List.of())))));
                cl.put("sale_line_ids", List.of(List.of(6, 0, new ArrayList<>((List<Long>) l.getOrDefault("sale_line_ids", List.of())))));
                createChecked("account.move.line", cl, Map.of());
            }
            addTaxLines(cnId);
            last = cnId;
        }
        wiz.put("new_move_ids", List.of(last));
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("name", "Reverse Moves");
        action.put("type", "ir.actions.act_window");
        action.put("res_model", "account.move");
        action.put("view_mode", "form");
        action.put("res_id", last);
        action.put("context", Map.of("default_move_type", "out_refund"));
        return action;
    }

    private List<Map<String, Object>> receivableLines(long moveId) {
        return lines("account.move.line", "move_id", moveId).stream()
                .filter(l -> value(l.get("account_id")) == RECEIVABLE && "payment_term".equals(l.get("display_type"))).toList();
    }

    /**
     * {@code account.move.line.reconcile}: the lines' open debit and credit amounts settle each other (as
     * Odoo's {@code _reconcile_plan}, without write-offs): each move's {@code amount_residual} drops, and
     * its {@code payment_state} becomes {@code partial}, {@code paid}, or {@code reversed} for an invoice
     * settled in full by its own credit notes only.
     */
    private Object reconcile(List<Long> ids) {
        List<Map<String, Object>> ls = ids.stream().map(id -> tables.get("account.move.line").get(id)).toList();
        Set<Long> accounts = new HashSet<>();
        for (Map<String, Object> l : ls) {
            Map<String, Object> move = tables.get("account.move").get((Long) l.get("move_id"));
            if (!"posted".equals(move.get("state"))) {
                throw StandInError.user("You can only reconcile posted entries.");
            }
            if (Boolean.TRUE.equals(l.get("reconciled"))) {
                throw StandInError.user("You are trying to reconcile some entries that are already reconciled.");
            }
            accounts.add(value(l.get("account_id")));
        }
        if (accounts.size() != 1) {
            throw StandInError.user("Entries are not from the same account: " + accounts);
        }
        Map<String, Object> account = tables.get("account.account").get(accounts.iterator().next());
        if (account == null || !Boolean.TRUE.equals(account.get("reconcile"))) {
            throw StandInError.user("Account " + (account == null ? "?" : account.get("code")) + " does not allow reconciliation.");
        }
        List<Map<String, Object>> debits = ls.stream().filter(l -> num(l.get("amount_residual")).signum() > 0).toList();
        List<Map<String, Object>> credits = ls.stream().filter(l -> num(l.get("amount_residual")).signum() < 0).toList();
        Set<Long> touched = new java.util.LinkedHashSet<>();
        for (Map<String, Object> d : debits) {
            for (Map<String, Object> c : credits) {
                BigDecimal dr = num(d.get("amount_residual"));
                BigDecimal cr = num(c.get("amount_residual")).negate();
                BigDecimal amount = dr.min(cr);
                if (amount.signum() <= 0) {
                    continue;
                }
                d.put("amount_residual", cents(dr.subtract(amount)).doubleValue());
                c.put("amount_residual", cents(cr.subtract(amount)).negate().doubleValue());
                touched.add((Long) d.get("move_id"));
                touched.add((Long) c.get("move_id"));
                partners.computeIfAbsent((Long) d.get("move_id"), k -> new HashSet<>()).add((Long) c.get("move_id"));
                partners.computeIfAbsent((Long) c.get("move_id"), k -> new HashSet<>()).add((Long) d.get("move_id"));
            }
        }
        for (Map<String, Object> l : ls) {
            l.put("reconciled", num(l.get("amount_residual")).signum() == 0);
        }
        for (Long moveId : touched) {
            Map<String, Object> m = tables.get("account.move").get(moveId);
            BigDecimal left = receivableLines(moveId).stream().map(l -> num(l.get("amount_residual")).abs())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            m.put("amount_residual", cents(left).doubleValue());
            if (left.signum() != 0) {
                m.put("payment_state", "partial");
            } else {
                boolean onlyOwnReversals = "out_invoice".equals(m.get("move_type")) && m.get("_paid") == null
                        && partners.getOrDefault(moveId, Set.of()).stream().allMatch(o -> {
                            Map<String, Object> om = tables.get("account.move").get(o);
                            return om != null && Long.valueOf(moveId).equals(om.get("reversed_entry_id"));
                        });
                m.put("payment_state", onlyOwnReversals ? "reversed" : "paid");
            }
        }
        return true;
    }

    /** Move id → the moves reconcile() settled it against. */
    private final Map<Long, Set<Long>> partners = new HashMap<>();

    private Object validate(List<Long> ids) {
        String qtyField = version <= 16 ? "quantity_done" : "quantity";
        for (Long id : ids) {
            Map<String, Object> p = tables.get("stock.picking").get(id);
            List<Map<String, Object>> moves = lines("stock.move", "picking_id", id);
            boolean any = moves.stream().anyMatch(m -> num(m.get(qtyField)).signum() > 0);
            if (!any) {
                throw StandInError.user("You cannot validate a transfer if no quantities are reserved nor done. To force the transfer, "
                        + "switch in edit mode and encode the done quantities.");
            }
            for (Map<String, Object> m : moves) {
                m.put("state", "done");
                Map<String, Object> line = m.get("sale_line_id") == null ? null : tables.get("sale.order.line").get((Long) m.get("sale_line_id"));
                if (line != null) {
                    line.put("qty_delivered", num(line.get("qty_delivered")).add(num(m.get(qtyField))).doubleValue());
                }
            }
            p.put("state", "done");
            p.put("date_done", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
            if (p.get("sale_id") != null) {
                tables.get("sale.order").get((Long) p.get("sale_id")).put("delivery_status", "full");
            }
        }
        return true;
    }

    // =============================================================== domains

    boolean matches(String model, Map<String, Object> rec, List<?> domain) {
        java.util.Deque<Object> stack = new java.util.ArrayDeque<>();
        List<Object> items = new ArrayList<>(domain);
        // Implicit AND between consecutive terms: evaluate Polish notation right to left.
        for (int i = items.size() - 1; i >= 0; i--) {
            Object item = items.get(i);
            if ("&".equals(item) || "|".equals(item)) {
                boolean a = (Boolean) stack.pop();
                boolean b = (Boolean) stack.pop();
                stack.push("&".equals(item) ? a && b : a || b);
            } else if ("!".equals(item)) {
                stack.push(!(Boolean) stack.pop());
            } else {
                stack.push(leaf(model, rec, (List<?>) item));
            }
        }
        boolean result = true;
        while (!stack.isEmpty()) {
            result &= (Boolean) stack.pop();
        }
        return result;
    }

    private boolean leaf(String model, Map<String, Object> rec, List<?> leaf) {
        String path = (String) leaf.get(0);
        String op = ((String) leaf.get(1)).toLowerCase(Locale.ROOT);
        Object expected = leaf.get(2);
        String fieldName = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        Field f = models.get(model).get(fieldName);
        if (f == null) {
            throw StandInError.value("Invalid field " + model + "." + fieldName + " in " + (version >= 19 ? "condition" : "leaf") + " "
                    + pyRepr(leaf));
        }
        if (path.contains(".") && f.type().equals("many2one")) {
            Map<String, Object> target = rec.get(fieldName) == null ? null : tables.get(f.relation()).get((Long) rec.get(fieldName));
            return target != null && leaf(f.relation(), target, List.of(path.substring(path.indexOf('.') + 1), op, expected));
        }
        Object actual = fieldName.equals("id") ? rec.get("id") : rec.get(fieldName);
        if (f.type().equals("one2many")) {
            actual = format(model, rec, fieldName);
        }
        return compare(actual, op, expected);
    }

    @SuppressWarnings("unchecked")
    private static boolean compare(Object actual, String op, Object expected) {
        if (actual instanceof List<?> many) {
            return switch (op) {
                case "=", "in" -> expected instanceof List<?> l ? many.stream().anyMatch(a -> containsValue(l, a))
                        : Boolean.FALSE.equals(expected) ? many.isEmpty() : many.stream().anyMatch(a -> same(a, expected));
                case "!=", "not in" -> !compare(actual, op.equals("!=") ? "=" : "in", expected);
                default -> false;
            };
        }
        return switch (op) {
            case "=" -> Boolean.FALSE.equals(expected) ? actual == null || Boolean.FALSE.equals(actual) : same(actual, expected);
            case "!=" -> Boolean.FALSE.equals(expected) ? actual != null && !Boolean.FALSE.equals(actual) : !same(actual, expected);
            case "in" -> expected instanceof List<?> l && containsValue(l, actual);
            case "not in" -> !(expected instanceof List<?> l && containsValue(l, actual));
            case "ilike" -> actual != null && String.valueOf(actual).toLowerCase(Locale.ROOT).contains(String.valueOf(expected).toLowerCase(Locale.ROOT));
            case "not ilike" -> actual == null || !String.valueOf(actual).toLowerCase(Locale.ROOT).contains(String.valueOf(expected).toLowerCase(Locale.ROOT));
            case "like" -> actual != null && String.valueOf(actual).contains(String.valueOf(expected));
            case "=ilike" -> actual != null && likePattern(String.valueOf(expected), true).matcher(String.valueOf(actual)).matches();
            case "=like" -> actual != null && likePattern(String.valueOf(expected), false).matcher(String.valueOf(actual)).matches();
            case "<", ">", "<=", ">=" -> {
                if (actual == null) {
                    yield false;
                }
                int c = actual instanceof Number a && expected instanceof Number e ? num(a).compareTo(num(e))
                        : String.valueOf(actual).compareTo(String.valueOf(expected));
                yield switch (op) {
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
            }
            default -> throw StandInError.value("Invalid leaf operator " + op);
        };
    }

    /** SQL LIKE: {@code %} any run, {@code _} any one character, {@code \} escapes. */
    private static Pattern likePattern(String like, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL : Pattern.DOTALL);
    }

    private static boolean containsValue(List<?> list, Object v) {
        return list.stream().anyMatch(e -> same(v, e));
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return num(x).compareTo(num(y)) == 0;
        }
        return a.equals(b);
    }

    /** Python's repr of a domain leaf, as Odoo prints it in its errors: {@code ('no_such_field', '=', 1)}. */
    static String pyRepr(Object o) {
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            for (Object e : l) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                sb.append(pyRepr(e));
            }
            return "(" + sb + ")";
        }
        if (o instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return o == null ? "None" : String.valueOf(o);
    }
}

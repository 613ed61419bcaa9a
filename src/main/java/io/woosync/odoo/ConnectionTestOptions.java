package io.woosync.odoo;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What a connection test should check besides the basics. The sync settings' check passes the
 * journals, products, carriers and pricelists the tenant's mappings name as {@link #references()}, and
 * what the settings assume about this Odoo as {@link #expected()}.
 *
 * @param deliveries              deliveries are synced: require {@code stock} and access to pickings (default true)
 * @param wooRoundsTaxAtSubtotal  WooCommerce's {@code woocommerce_tax_round_at_subtotal}, when known, to compare with Odoo's rounding
 * @param references              records the tenant's mappings name
 * @param expected                what the tenant's settings assume about this Odoo (null: not checked)
 */
@RegisterForReflection
public record ConnectionTestOptions(Boolean deliveries, Boolean wooRoundsTaxAtSubtotal, List<Reference> references,
                                    OdooExpectations expected) {

    public static final ConnectionTestOptions DEFAULTS = new ConnectionTestOptions(true, null, List.of(), null);

    public ConnectionTestOptions(Boolean deliveries, Boolean wooRoundsTaxAtSubtotal, List<Reference> references) {
        this(deliveries, wooRoundsTaxAtSubtotal, references, null);
    }

    public boolean deliveriesOn() {
        return deliveries == null || deliveries;
    }

    public List<Reference> referencesOrEmpty() {
        return references == null ? List.of() : references;
    }

    /**
     * A record a mapping names: by {@code id}, or by {@code field} = {@code value} (e.g.
     * {@code account.journal} {@code code} = {@code BNK1}, {@code product.product} {@code default_code} =
     * {@code SHIPPING}, {@code account.tax} {@code name} = {@code 15%}).
     *
     * @param label what the mapping calls it, e.g. "Stripe payments journal"
     */
    @RegisterForReflection
    public record Reference(String label, String model, Long id, String field, String value) {
    }
}

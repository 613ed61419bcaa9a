package io.woosync.odoo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Odoo server version and the field names and behaviours of the order workflow that depend on
 * it (../shared/design/DOMAIN.md, "Version differences").
 *
 * @param major 16, 17, 18, 19...
 * @param serie the server's own spelling, e.g. {@code 17.0} or {@code saas~17.2}
 */
public record OdooVersion(int major, String serie) {

    /** What a product is, in the sync's terms; {@link #productTypeValues} spells it per version. */
    public enum ProductKind { STORABLE, CONSUMABLE, SERVICE }

    public static OdooVersion of(int major) {
        return new OdooVersion(major, major + ".0");
    }

    /** JSON-2 exists from 19 on; JSON-RPC is scheduled for removal in 22. */
    public OdooTransportKind defaultTransport() {
        return major >= 19 ? OdooTransportKind.JSON_2 : OdooTransportKind.JSON_RPC;
    }

    public boolean supportsJson2() {
        return major >= 19;
    }

    public boolean supportsJsonRpc() {
        return major <= 21;
    }

    /** {@code sale.order.line} taxes: {@code tax_id} up to 18, {@code tax_ids} from 19. */
    public String orderLineTaxField() {
        return major >= 19 ? "tax_ids" : "tax_id";
    }

    /** {@code sale.order.line} unit of measure: {@code product_uom} up to 18, {@code product_uom_id} from 19. */
    public String orderLineUomField() {
        return major >= 19 ? "product_uom_id" : "product_uom";
    }

    /** {@code account.payment} free-text reference (we store the transaction id there): {@code ref} up to 17, {@code memo} from 18. */
    public String paymentReferenceField() {
        return major >= 18 ? "memo" : "ref";
    }

    /** {@code stock.move} done quantity: {@code quantity_done} on 16, {@code quantity} from 17. */
    public String moveQuantityField() {
        return major <= 16 ? "quantity_done" : "quantity";
    }

    /** {@code product.product} type field(s): {@code detailed_type} on 16-17, {@code type} + {@code is_storable} from 18. */
    public Map<String, Object> productTypeValues(ProductKind kind) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (major <= 17) {
            values.put("detailed_type", switch (kind) {
                case STORABLE -> "product";
                case CONSUMABLE -> "consu";
                case SERVICE -> "service";
            });
        } else {
            values.put("type", kind == ProductKind.SERVICE ? "service" : "consu");
            if (kind != ProductKind.SERVICE) {
                values.put("is_storable", kind == ProductKind.STORABLE);
            }
        }
        return values;
    }

    /** The product type field names fields_get must report on this version. */
    public java.util.List<String> productTypeFields() {
        return major <= 17 ? java.util.List.of("detailed_type") : java.util.List.of("type", "is_storable");
    }

    /**
     * {@code sale.order.action_cancel} on a confirmed order returns a {@code sale.order.cancel}
     * wizard on 16-18 unless the context says {@code disable_cancel_warning}; 19 cancels directly.
     */
    public boolean cancelNeedsDisableWarning() {
        return major <= 18;
    }

    /** The reversal wizard's method: {@code reverse_moves} (with {@code refund_method}) on 16, {@code refund_moves} from 17. */
    public String reversalMethod() {
        return major <= 16 ? "reverse_moves" : "refund_moves";
    }

    /** 19 replaced {@code check_access_rights} by {@code has_access} (the old one still answers, deprecated since 18). */
    public String accessCheckMethod() {
        return major >= 19 ? "has_access" : "check_access_rights";
    }

    @Override
    public String toString() {
        return serie;
    }
}

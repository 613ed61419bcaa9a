package io.woosync.odoo.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The window actions Odoo answers to wizard buttons, per version, as recorded in the transcripts
 * ({@code actions.json} next to this class), with the record ids filled in.
 */
final class StandInActions {

    static final String NOTHING_TO_INVOICE = "Cannot create an invoice. No items are available to invoice.\n\n"
            + "To resolve this issue, please ensure that:\n"
            + "   \u2022 The products have been delivered before attempting to invoice them.\n"
            + "   \u2022 The invoicing policy of the product is configured correctly.\n\n"
            + "If you want to invoice based on ordered quantities instead:\n"
            + "   \u2022 For consumable or storable products, open the product, go to the 'General Information' tab and change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n"
            + "   \u2022 For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode TEMPLATES;

    static {
        try (InputStream in = StandInActions.class.getResourceAsStream("actions.json")) {
            TEMPLATES = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StandInActions() {
    }

    /** {@code create_invoices}: 16 closes the wizard; 17+ open the invoice. */
    static Object invoices(int version, long invoiceId, Map<String, Object> order) {
        ObjectNode a = TEMPLATES.path(String.valueOf(version)).path("invoices").deepCopy();
        if (a.has("res_id")) {
            a.put("res_id", invoiceId);
            ObjectNode ctx = (ObjectNode) a.path("context");
            ctx.put("default_partner_id", (Long) order.get("partner_id"));
            ctx.put("default_partner_shipping_id", (Long) order.get("partner_shipping_id"));
            if (ctx.has("default_invoice_origin")) {
                ctx.put("default_invoice_origin", (String) order.get("name"));
            }
        }
        return JSON.convertValue(a, Object.class);
    }

    /** {@code action_cancel} on a confirmed order without {@code disable_cancel_warning} (16-18). */
    static Object cancelWizard(int version, long orderId, long wizardId) {
        ObjectNode a = TEMPLATES.path(String.valueOf(version)).path("cancel_wizard").deepCopy();
        ((ObjectNode) a.path("context")).put("default_order_id", orderId);
        return JSON.convertValue(a, Object.class);
    }
}

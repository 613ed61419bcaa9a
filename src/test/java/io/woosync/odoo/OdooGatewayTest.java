package io.woosync.odoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.SyncFailure;
import io.woosync.odoo.standin.StandInOdoo;
import io.woosync.tenant.TenantConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway against the stand-in: the whole order workflow per version, login caching, and classified errors. */
class OdooGatewayTest {

    private final TestOdooConfig config = new TestOdooConfig();
    private final List<java.time.Duration> sleeps = new ArrayList<>();
    private final OdooGateway gateway = new OdooGateway(config, new TestOdooConfig.MutableClock(), new ObjectMapper(), sleeps::add);

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {16, 17, 18, 19})
    void runsTheOrderWorkflowWithTheVersionsFieldNames(int version) {
        try (StandInOdoo odoo = StandInOdoo.start(version)) {
            TenantConnections.Odoo conn = odoo.connection("shop-a");
            OdooVersion v = gateway.version(conn);
            assertEquals(version, v.major());
            assertEquals(version >= 19 ? OdooTransportKind.JSON_2 : OdooTransportKind.JSON_RPC, gateway.transport(conn));

            Map<String, Object> product = new LinkedHashMap<>(Map.of("name", "Tee", "default_code", "TEE-M", "list_price", 20.0));
            product.putAll(v.productTypeValues(OdooVersion.ProductKind.STORABLE));
            long tee = gateway.create(conn, "product.product", product);
            Map<String, Object> shipping = new LinkedHashMap<>(Map.of("name", "Shipping", "default_code", "SHIPPING", "list_price", 0.0));
            shipping.putAll(v.productTypeValues(OdooVersion.ProductKind.SERVICE));
            long ship = gateway.create(conn, "product.product", shipping);
            long partner = gateway.create(conn, "res.partner", Map.of("name", "Jane Doe", "email", "jane@example.test"));

            Map<String, Object> order = new LinkedHashMap<>();
            order.put("partner_id", partner);
            order.put("client_order_ref", "WOO-1054");
            order.put("order_line", List.of(
                    List.of(0, 0, Map.of("product_id", tee, "product_uom_qty", 2, "price_unit", 12.5, "discount", 10.0,
                            v.orderLineTaxField(), List.of(List.of(6, 0, List.of(1))))),
                    List.of(0, 0, Map.of("product_id", ship, "product_uom_qty", 1, "price_unit", 5.0,
                            v.orderLineTaxField(), List.of(List.of(6, 0, List.of(1)))))));
            OdooGateway.Binding so = gateway.createWithExternalId(conn, "sale.order", "order_1054", order,
                    List.of(List.of("client_order_ref", "=", "WOO-1054")));
            assertTrue(so.created());
            assertEquals(new OdooGateway.Binding(so.id(), false), gateway.createWithExternalId(conn, "sale.order", "order_1054", order,
                    List.of(List.of("client_order_ref", "=", "WOO-1054"))), "the second sync finds the first order");
            assertEquals(1, odoo.records("sale.order").size());
            assertEquals("woosync_shop_a", gateway.findExternalId(conn, "order_1054").orElseThrow().module());

            ObjectNode totals = gateway.read(conn, "sale.order", List.of(so.id()), List.of("amount_untaxed", "amount_tax", "amount_total")).get(0);
            assertEquals(new BigDecimal("31.63"), totals.get("amount_total").decimalValue().setScale(2));
            assertEquals(new BigDecimal("4.13"), totals.get("amount_tax").decimalValue().setScale(2));

            gateway.confirmSaleOrder(conn, so.id());
            List<Long> invoices = gateway.createInvoices(conn, so.id());
            assertEquals(1, invoices.size());
            long invoice = invoices.get(0);
            gateway.postMove(conn, invoice);
            long journal = gateway.search(conn, "account.journal", List.of(List.of("type", "=", "bank")), 1).get(0);
            var payment = new OdooGateway.PaymentRequest(invoice, journal, null, LocalDate.of(2026, 11, 27), "pi_TXN-1054", null);
            long paid = gateway.registerPayment(conn, payment);
            assertEquals(paid, gateway.registerPayment(conn, payment), "a transaction id is paid once");
            assertEquals(1, odoo.records("account.payment").size());
            assertEquals("pi_TXN-1054", odoo.record("account.payment", paid).get(v.paymentReferenceField()));
            assertEquals("paid", odoo.record("account.move", invoice).get("payment_state"));

            long creditNote = gateway.reverseMove(conn, invoice, "Woo refund #55", 1);
            assertEquals("out_refund", odoo.record("account.move", creditNote).get("move_type"));
            assertEquals(invoice, odoo.record("account.move", creditNote).get("reversed_entry_id"));

            long picking = gateway.read(conn, "sale.order", List.of(so.id()), List.of("picking_ids")).get(0).get("picking_ids").get(0).asLong();
            gateway.validatePicking(conn, picking, null);
            assertEquals("done", odoo.record("stock.picking", picking).get("state"));

            long toCancel = gateway.create(conn, "sale.order", Map.of("partner_id", partner,
                    "order_line", List.of(List.of(0, 0, Map.of("product_id", tee, "product_uom_qty", 1, "price_unit", 20.0)))));
            gateway.confirmSaleOrder(conn, toCancel);
            gateway.cancelSaleOrder(conn, toCancel);
            assertEquals("cancel", odoo.record("sale.order", toCancel).get("state"));

            assertEquals(version >= 19 ? 0 : 1, odoo.calls("common", "authenticate"), "one login for the whole workflow");
        }
    }

    /**
     * The same reference on another invoice's payment (another shop syncing into this Odoo with the same
     * order number, a payment entered by hand) is not this invoice's payment. Surfaced by rerunning the
     * scenario suite on a real Odoo 17, whose earlier run's payments carry the same references: taking
     * one of them would leave the invoice unpaid while the order counts as paid.
     */
    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(ints = {17, 18, 19})
    void aPaymentWithTheSameReferenceOnAnotherInvoiceIsNotThisInvoicesPayment(int version) {
        try (StandInOdoo odoo = StandInOdoo.start(version)) {
            TenantConnections.Odoo conn = odoo.connection("shop-b");
            OdooVersion v = gateway.version(conn);
            Map<String, Object> product = new LinkedHashMap<>(Map.of("name", "Mug", "default_code", "MUG-001", "list_price", 12.5));
            product.putAll(v.productTypeValues(OdooVersion.ProductKind.CONSUMABLE));
            long mug = gateway.create(conn, "product.product", product);
            long partner = gateway.create(conn, "res.partner", Map.of("name", "Jane Doe"));
            long journal = gateway.search(conn, "account.journal", List.of(List.of("type", "=", "bank")), 1).get(0);
            List<Long> invoices = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long so = gateway.create(conn, "sale.order", Map.of("partner_id", partner, "order_line",
                        List.of(List.of(0, 0, Map.of("product_id", mug, "product_uom_qty", 1, "price_unit", 12.5)))));
                gateway.confirmSaleOrder(conn, so);
                long invoice = gateway.createInvoices(conn, so).get(0);
                gateway.postMove(conn, invoice);
                invoices.add(invoice);
            }
            long first = gateway.registerPayment(conn, new OdooGateway.PaymentRequest(invoices.get(0), journal, null, null, "WooCommerce #1054", null));

            long second = gateway.registerPayment(conn, new OdooGateway.PaymentRequest(invoices.get(1), journal, null, null, "WooCommerce #1054", null));

            assertTrue(second != first, "a payment of its own");
            assertEquals("paid", odoo.record("account.move", invoices.get(1)).get("payment_state"));
            assertEquals(java.util.Optional.of(second), gateway.findPayment(conn, "WooCommerce #1054", invoices.get(1)));
            assertEquals(second, gateway.registerPayment(conn, new OdooGateway.PaymentRequest(invoices.get(1), journal, null, null,
                    "WooCommerce #1054", null)), "and still paid once");
            assertEquals(2, odoo.records("account.payment").size());
        }
    }

    @Test
    void cachesTheLoginUntilTheCredentialsChange() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            TenantConnections.Odoo conn = odoo.connection("shop-a");
            for (int i = 0; i < 5; i++) {
                gateway.search(conn, "res.partner", List.of(), 1);
            }
            assertEquals(1, odoo.calls("common", "authenticate"));
            assertEquals(1, odoo.calls("common", "version"));

            TenantConnections.Odoo wrongKey = new TenantConnections.Odoo("shop-a", odoo.url(), odoo.database(), odoo.login(), "wrong-key");
            OdooException e = assertThrows(OdooException.class, () -> gateway.search(wrongKey, "res.partner", List.of(), 1));
            assertEquals(SyncFailure.Kind.CONFIGURATION, e.kind());
            assertEquals("Odoo rejected the API key of user admin on database woo_test17; enter a valid API key for this user in the "
                    + "tenant's Odoo settings.", e.adminMessage());
            assertEquals(2, odoo.calls("common", "authenticate"), "new credentials log in again");

            gateway.search(conn, "res.partner", List.of(), 1);
            assertEquals(3, odoo.calls("common", "authenticate"));
        }
    }

    @Test
    void classifiesOdoosErrorsWithASentenceNamingModelRecordAndField() {
        try (StandInOdoo odoo = StandInOdoo.start(17)) {
            TenantConnections.Odoo conn = odoo.connection("shop-a");
            OdooException noName = assertThrows(OdooException.class, () -> gateway.create(conn, "res.partner", Map.of("email", "x@example.test")));
            assertEquals(SyncFailure.Kind.DATA, noName.kind());
            assertEquals("Odoo refused create on res.partner: The operation cannot be completed: Contacts require a name.", noName.adminMessage());
            assertEquals("odoo.exceptions.ValidationError", noName.odooError());
            assertEquals(1, odoo.calls("res.partner", "create"), "a data error is not retried");

            OdooException field = assertThrows(OdooException.class, () -> gateway.create(conn, "product.product",
                    Map.of("name", "Bad", "is_storable", true)));
            assertEquals(SyncFailure.Kind.CONFIGURATION, field.kind());
            assertEquals("Odoo 17 has no field product.product.is_storable (used by create on product.product); run the connection test "
                    + "to check this Odoo version's field names.", field.adminMessage());

            OdooException domain = assertThrows(OdooException.class, () -> gateway.search(conn, "sale.order",
                    List.of(List.of("no_such_field", "=", 1)), null));
            assertEquals("Odoo 17 has no field sale.order.no_such_field (used by search on sale.order); run the connection test to "
                    + "check this Odoo version's field names.", domain.adminMessage());

            OdooException privateMethod = assertThrows(OdooException.class, () -> gateway.callMethod(conn, "sale.order", "_create_invoices", List.of(1L), null));
            assertEquals("Odoo refuses remote calls to the private method sale.order._create_invoices; this is a WooSync defect, report it.",
                    privateMethod.adminMessage());

            OdooException model = assertThrows(OdooException.class, () -> gateway.search(conn, "woo.nothing", List.of(), null));
            assertEquals("Odoo database woo_test17 has no model woo.nothing: install the Odoo module that provides it.", model.adminMessage());

            TenantConnections.Odoo noDb = new TenantConnections.Odoo("shop-b", odoo.url(), "no_such_db", odoo.login(), odoo.apiKey());
            OdooException db = assertThrows(OdooException.class, () -> gateway.search(noDb, "res.partner", List.of(), 1));
            assertEquals(SyncFailure.Kind.CONFIGURATION, db.kind());
            assertEquals("Odoo at " + odoo.url() + " has no database no_such_db; check the database name in the tenant's Odoo settings.", db.adminMessage());

            odoo.denyAccess("account.move", "create");
            assertFalse(gateway.hasAccess(conn, "account.move", "create"));
            assertTrue(gateway.hasAccess(conn, "account.move", "read"));
        }
    }

    @Test
    void classifiesJson2Errors() {
        try (StandInOdoo odoo = StandInOdoo.start(19)) {
            TenantConnections.Odoo conn = odoo.connection("shop-a");
            OdooException missing = assertThrows(OdooException.class, () -> gateway.write(conn, "sale.order", List.of(999999999L), Map.of("note", "x")));
            assertEquals(SyncFailure.Kind.DATA, missing.kind());
            assertEquals("Odoo record sale.order 999999999 does not exist or was deleted (write); recreate it or remove WooSync's link to it.",
                    missing.adminMessage());
            assertEquals(404, missing.httpStatus());

            OdooException taxField = assertThrows(OdooException.class, () -> gateway.create(conn, "sale.order", Map.of("partner_id", 3,
                    "order_line", List.of(List.of(0, 0, Map.of("product_id", 1, "tax_id", List.of())))))); 
            assertEquals("Odoo 19 has no field sale.order.line.tax_id (used by create on sale.order); run the connection test to check "
                    + "this Odoo version's field names.", taxField.adminMessage());

            TenantConnections.Odoo wrongKey = new TenantConnections.Odoo("shop-b", odoo.url(), odoo.database(), odoo.login(), "wrong-key");
            OdooException key = assertThrows(OdooException.class, () -> gateway.search(wrongKey, "res.partner", List.of(), 1));
            assertEquals("Odoo rejected the API key of user admin on database woo_test19; enter a valid API key for this user in the "
                    + "tenant's Odoo settings.", key.adminMessage());

            TenantConnections.Odoo noDb = new TenantConnections.Odoo("shop-c", odoo.url(), "no_such_db", odoo.login(), odoo.apiKey());
            OdooException db = assertThrows(OdooException.class, () -> gateway.search(noDb, "res.partner", List.of(), 1));
            assertEquals("Odoo at " + odoo.url() + " has no database no_such_db; check the database name in the tenant's Odoo settings.", db.adminMessage());
        }
    }

    @Test
    void transportCanBeForcedPerTenant() {
        config.transportOverride.put("legacy", OdooTransportKind.JSON_RPC);
        try (StandInOdoo odoo = StandInOdoo.start(19)) {
            assertEquals(OdooTransportKind.JSON_RPC, gateway.transport(odoo.connection("legacy")));
            assertEquals(OdooTransportKind.JSON_2, gateway.transport(odoo.connection("modern")));
            assertEquals(List.of(3L), gateway.search(odoo.connection("legacy"), "res.partner", List.of(List.of("name", "=", "Administrator")), 1));
            assertEquals(1, odoo.calls("common", "authenticate"));
        }
    }
}

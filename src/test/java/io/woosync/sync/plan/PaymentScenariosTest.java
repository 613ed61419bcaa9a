package io.woosync.sync.plan;

import static io.woosync.sync.plan.PlannerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.SyncFailure;
import io.woosync.sync.plan.PlanStep.RegisterPayment;
import io.woosync.sync.settings.OdooFacts;
import io.woosync.sync.settings.SyncSettings;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The seed's "Payment Tests" table: journals per method, unpaid flows, failed payments, transaction ids. */
class PaymentScenariosTest {

    // Stripe payment / PayPal payment / bank transfer: the correct Odoo payment journal is used.
    @ParameterizedTest
    @CsvSource({"stripe,Credit card (Stripe),pi_3Nxyz,10,21", "ppcp-gateway,PayPal,5TY05013RG002845M,11,22", "bacs,Direct bank transfer,,6,"})
    void eachPaymentMethodUsesItsJournal(String method, String title, String txn, long journal, Long methodLine) {
        Plan p = plan(order(paid(paidOrder(), method, title, txn == null ? "" : txn)));
        RegisterPayment pay = p.step(RegisterPayment.class).orElseThrow();
        assertEquals(journal, pay.journalId());
        assertEquals(methodLine, pay.paymentMethodLineId());
        assertEquals(new BigDecimal("49.26"), pay.amount());
        assertEquals(LocalDate.of(2026, 11, 27), pay.paymentDate(), "Woo's paid date, not today");
        assertEquals("invoice_17", pay.invoiceKey());
    }

    // Transaction ID: the payment reference is stored in Odoo (ref on 16–17, memo on 18+), once per transaction.
    @Test
    void transactionIdIsThePaymentReference() {
        Plan p17 = plan(order(paid(paidOrder(), "stripe", "Credit card", "pi_3Nxyz-TXN-1054")));
        RegisterPayment pay = p17.step(RegisterPayment.class).orElseThrow();
        assertEquals("pi_3Nxyz-TXN-1054", pay.memo());
        assertEquals("payment_17_pi_3Nxyz-TXN-1054", pay.key());
        assertEquals("ref", pay.referenceField());
        SyncSettings on18 = settings().toBuilder().odoo(OdooFacts.defaults().withVersion(18)).build();
        Plan p18 = plan(order(paid(paidOrder(), "stripe", "Credit card", "pi_3Nxyz-TXN-1054")), List.of(), lookups(), on18, OrderBindings.none());
        assertEquals("memo", p18.step(RegisterPayment.class).orElseThrow().referenceField());
        // Never twice: once the payment step is done, a re-plan has no payment.
        Plan again = plan(order(paid(paidOrder(), "stripe", "Credit card", "pi_3Nxyz-TXN-1054")), List.of(), lookups(), settings(),
                done(p17.step(PlanStep.CreateSaleOrder.class).orElseThrow().lines(), "company_acme-inc", "customer_2", "order_17", "confirm_17", "invoice_17", "post_invoice_17",
                        "payment_17_pi_3Nxyz-TXN-1054"));
        assertTrue(again.steps().isEmpty(), () -> ops(again).toString());
    }

    // Bank transfer: the unpaid / manual payment flow — no payment (and with invoice-when-paid, no invoice) until paid.
    @Test
    void bankTransferNotYetPaidLeavesTheInvoiceForLater() {
        ObjectNode j = paidOrder();
        j.putNull("date_paid");
        j.putNull("date_paid_gmt");
        Plan p = plan(order(j));
        assertEquals(List.of("EnsurePartner", "EnsurePartner", "CreateSaleOrder", "ConfirmOrder"), ops(p));
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("not paid in WooCommerce yet")));
        // Invoicing at confirmation instead: the invoice is posted and stays open, still no payment.
        SyncSettings completed = settings().toBuilder().invoiceTiming(SyncSettings.InvoiceTiming.WHEN_COMPLETED).build();
        j.put("status", "completed");
        Plan open = plan(order(j), List.of(), lookups(), completed, OrderBindings.none());
        assertTrue(open.step(PlanStep.PostInvoice.class).isPresent());
        assertTrue(open.step(RegisterPayment.class).isEmpty());
    }

    @Test
    void cashOnDeliveryProcessingWithoutDatePaidRegistersNoPayment() {
        Plan p = plan(order(storeApiOrder()));
        assertTrue(p.step(RegisterPayment.class).isEmpty());
        assertTrue(p.step(PlanStep.CreateInvoiceFromOrder.class).isEmpty());
        assertTrue(p.step(PlanStep.ConfirmOrder.class).isPresent());
    }

    // Failed payment: no final invoice is created.
    @Test
    void failedPaymentCreatesNoInvoice() {
        ObjectNode j = paidOrder();
        j.put("status", "failed");
        Plan p = plan(order(j));
        assertEquals(Plan.Outcome.SKIPPED, p.outcome());
        assertTrue(p.skipReason().contains("the payment failed"));
        // A draft made earlier (on-hold) is cancelled rather than left open.
        Plan withDraft = plan(order(j), List.of(), lookups(), settings(), done(List.of(), "customer_2", "order_17"));
        assertEquals(List.of("CancelOrder"), ops(withDraft));
    }

    @Test
    void unmappedPaymentMethodIsAConfigurationProblem() {
        Plan p = plan(order(paid(paidOrder(), "klarna", "Klarna", "k-1")));
        assertEquals(Plan.Outcome.BLOCKED, p.outcome());
        PlanProblem problem = p.problems().get(0);
        assertEquals(SyncFailure.Kind.CONFIGURATION, problem.kind());
        assertTrue(problem.message().contains("payment method \"klarna\" (Klarna) has no Odoo journal mapped"));
    }
}

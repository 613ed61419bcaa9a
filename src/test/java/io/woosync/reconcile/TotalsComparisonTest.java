package io.woosync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woosync.reconcile.TotalsComparison.OdooDocument;
import io.woosync.sync.SyncStore.SyncedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotalsComparisonTest {

    static final SyncedOrder ORDER = new SyncedOrder(17, "17", "USD", new BigDecimal("49.2600"), Instant.parse("2026-11-20T10:00:00Z"), 88L, 151L);

    @Test
    void equalTotalsAreNoDifferenceWhateverTheFloatNoise() {
        assertTrue(TotalsComparison.compare(ORDER, new OdooDocument(88, new BigDecimal("49.260000000000005"), "sale"),
                new OdooDocument(151, new BigDecimal("49.26"), "posted")).isEmpty());
    }

    @Test
    void anInvoiceThatTotalsOtherwiseIsADifferenceWithBothFigures() {
        TotalsDifference d = TotalsComparison.compare(ORDER, new OdooDocument(88, new BigDecimal("49.26"), "sale"),
                new OdooDocument(151, new BigDecimal("49.27"), "posted")).orElseThrow();
        assertEquals(new BigDecimal("0.01"), d.difference());
        assertEquals(new BigDecimal("49.26"), d.wooTotal());
        assertEquals("Order #17: WooCommerce charged 49.26 USD; invoice 151 (posted) totals 49.27.", d.finding());
    }

    @Test
    void goneDocumentsAndCancelledOnes() {
        TotalsDifference gone = TotalsComparison.compare(ORDER, null, null).orElseThrow();
        assertEquals("Order #17: WooCommerce charged 49.26 USD; sales order 88 is gone from Odoo; invoice 151 is gone from Odoo.",
                gone.finding());
        assertEquals(null, gone.difference());
        // A cancelled order or invoice was cancelled on purpose: not a difference of totals.
        assertTrue(TotalsComparison.compare(ORDER, new OdooDocument(88, new BigDecimal("10"), "cancel"),
                new OdooDocument(151, new BigDecimal("10"), "cancel")).isEmpty());
        SyncedOrder orderOnly = new SyncedOrder(18, "18", "USD", new BigDecimal("20.0000"), ORDER.createdAt(), 90L, null);
        assertEquals(new BigDecimal("-0.50"), TotalsComparison.compare(orderOnly, new OdooDocument(90, new BigDecimal("19.5"), "draft"), null)
                .orElseThrow().difference());
    }

    @Test
    void theCsvQuotesAndDisarmsWhatASpreadsheetWouldRun() {
        TotalsDifference d = new TotalsDifference(19, "=HYPERLINK(\"http://x\",\"a, b\")", "USD", new BigDecimal("5.00"), 1L,
                new BigDecimal("5.01"), null, null, new BigDecimal("0.01"), "Order #x: \"quoted\"");
        assertEquals(DifferencesCsv.HEADER + "\r\n"
                        + "19,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",USD,5.00,1,5.01,,,0.01,\"Order #x: \"\"quoted\"\"\"\r\n",
                DifferencesCsv.write(List.of(d)));
        assertEquals("'-1", DifferencesCsv.text("-1"));
        assertEquals("'@SUM(A1)", DifferencesCsv.text("@SUM(A1)"));
        assertEquals("1054", DifferencesCsv.text("1054"));
    }
}

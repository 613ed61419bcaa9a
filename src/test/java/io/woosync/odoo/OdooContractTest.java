package io.woosync.odoo;

import io.woosync.odoo.standin.StandInOdoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract: every recorded exchange with a real Odoo (16, 17, 18, 19 over JSON-RPC; 19 over
 * JSON-2), replayed against the stand-in, answers with the same shapes, and, the stand-in being
 * deterministic, the same values (amounts, states, messages) except ids and document numbers.
 * {@link RealOdooContractTest} replays the same transcripts against a real Odoo.
 */
class OdooContractTest {

    @ParameterizedTest(name = "Odoo {0} over JSON-RPC")
    @ValueSource(ints = {16, 17, 18, 19})
    void jsonRpcTranscriptReplaysOnTheStandIn(int version) throws Exception {
        try (StandInOdoo odoo = StandInOdoo.start(version)) {
            var steps = TranscriptReplay.load("odoo" + version + "-order-workflow.jsonl");
            List<String> differences = replay(odoo, steps);
            assertEquals(List.of(), differences, String.join("\n", differences));
            assertTrue(steps.size() >= 56, "the transcript has every step");
        }
    }

    @Test
    void json2TranscriptReplaysOnTheStandIn() throws Exception {
        try (StandInOdoo odoo = StandInOdoo.start(19)) {
            var steps = TranscriptReplay.load("odoo19-order-workflow-json2.jsonl");
            List<String> differences = replay(odoo, steps);
            assertEquals(List.of(), differences, String.join("\n", differences));
            assertEquals(80, steps.size());
        }
    }

    @Test
    void theLenientReplayForRealOdooRunsTwiceOnOneDatabase() throws Exception {
        // What RealOdooContractTest does: shapes only, fresh SKUs and external ids per run, a database with data in it.
        try (StandInOdoo odoo = StandInOdoo.start(18)) {
            var target = new TranscriptReplay.Target(odoo.url(), odoo.database(), odoo.login(), odoo.apiKey());
            var steps = TranscriptReplay.load("odoo18-order-workflow.jsonl");
            assertEquals(List.of(), new TranscriptReplay(target, false).replay(steps));
            List<String> second = new TranscriptReplay(target, false).replay(steps);
            assertEquals(List.of(), second, String.join("\n", second));
            assertEquals(4, odoo.records("sale.order").size());
        }
    }

    @Test
    void theReplayNoticesADifferentShape() throws Exception {
        // Guard against a comparison that cannot fail: 17's transcript against an 18 server must differ
        // (product type fields, payment ref/memo, cancel wizard).
        try (StandInOdoo odoo = StandInOdoo.start(18)) {
            List<String> differences = replay(odoo, TranscriptReplay.load("odoo17-order-workflow.jsonl"));
            assertTrue(differences.stream().anyMatch(d -> d.startsWith("product.product fields_get")), String.join("\n", differences));
            assertTrue(differences.stream().anyMatch(d -> d.startsWith("account.payment search_read by ref")), String.join("\n", differences));
        }
    }

    private static List<String> replay(StandInOdoo odoo, List<com.fasterxml.jackson.databind.JsonNode> steps) throws Exception {
        var target = new TranscriptReplay.Target(odoo.url(), odoo.database(), odoo.login(), odoo.apiKey());
        return new TranscriptReplay(target, true).replay(steps);
    }
}

package io.woosync.sync.plan;

import static io.woosync.sync.plan.PlannerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan serializes to JSON for the /plan preview and reads back (the executor may store it). */
class PlanJsonTest {

    @Test
    void planRoundTripsThroughJson() throws Exception {
        ObjectMapper m = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Plan p = plan(order(json("rest/044-order_get_after_refund.json")), refundsOf17(), lookups(), settings(), OrderBindings.none());
        String text = m.writeValueAsString(p);
        JsonNode tree = m.readTree(text);
        assertEquals("CreateSaleOrder", tree.at("/steps/2/op").asText());
        assertEquals("2026-11-27", tree.at("/steps/4/invoiceDate").asText());
        assertTrue(text.contains("\"op\":\"CreateCreditNote\""));
        Plan back = m.readValue(text, Plan.class);
        assertEquals(text, m.writeValueAsString(back), "reads back to the same plan");
        assertEquals(p.steps().size(), back.steps().size());
        assertEquals(p.steps().get(2).getClass(), back.steps().get(2).getClass());
        assertEquals(List.of(), back.problems());
    }
}

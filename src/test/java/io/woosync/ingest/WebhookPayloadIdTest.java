package io.woosync.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The webhook endpoint reads only the top-level "id" of a payload, but rejects malformed JSON anywhere in it. */
class WebhookPayloadIdTest {

    private static final JsonFactory JSON = new JsonFactory();

    private static String id(String body) throws IOException {
        return WebhookEndpoint.topLevelId(JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCapturedDeliveryYieldsItsResourceId() throws IOException {
        for (WooWebhookFixtures.Delivery d : WooWebhookFixtures.all()) {
            if (d.isPing()) {
                continue;
            }
            String expected = Long.toString(new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.body()).get("id").asLong());
            assertEquals(expected, WebhookEndpoint.topLevelId(JSON, d.body()), d.name());
        }
    }

    @Test
    void onlyTheTopLevelIdCounts() throws IOException {
        assertEquals("1054", id("{\"line_items\":[{\"id\":7,\"meta\":{\"id\":8}}],\"id\":1054,\"x\":{\"id\":9}}"));
        assertNull(id("{\"line_items\":[{\"id\":7}],\"parent\":{\"id\":9}}"));
        assertEquals("42", id("{\"id\":\"42\"}"), "a numeric string, as some plugins send");
        assertEquals("2", id("{\"id\":1,\"id\":2}"), "the last one wins, as when building a tree");
    }

    @Test
    void idsThatAreNotWholeNumbersAreMissing() throws IOException {
        assertNull(id("{\"id\":1.5}"));
        assertNull(id("{\"id\":\"12a\"}"));
        assertNull(id("{\"id\":123456789012345678901234}"));
        assertNull(id("{\"id\":null}"));
        assertNull(id("{\"id\":[1]}"));
        assertNull(id("[{\"id\":1}]"));
        assertNull(id(""));
    }

    @Test
    void malformedJsonAnywhereIsRefused() {
        assertThrows(IOException.class, () -> id("{\"id\":1,\"line_items\":[{\"id\":7}"));
        assertThrows(IOException.class, () -> id("{\"id\":1} trailing"));
        assertThrows(IOException.class, () -> id("{\"id\":1,}"));
        assertThrows(IOException.class, () -> id("{id:1}"));
        assertThrows(IOException.class, () -> id("[1,2"));
    }
}

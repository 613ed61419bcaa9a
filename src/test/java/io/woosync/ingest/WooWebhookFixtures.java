package io.woosync.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real WooCommerce 10 deliveries captured in {@code fixtures/woocommerce/webhooks} (copied
 * byte for byte from the shared fixtures into test resources), replayed as WooCommerce sent them.
 */
public final class WooWebhookFixtures {

    /** The secret every fixture webhook was created with. */
    public static final String SECRET = "test-secret";

    private static final String DIR = "/fixtures/woocommerce/webhooks/";
    /** Hop-by-hop and framing headers the HTTP client sets itself. */
    private static final Set<String> SKIP = Set.of("host", "content-length", "connection", "accept-encoding");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One captured delivery. */
    public record Delivery(String name, Map<String, String> headers, byte[] body) {
        public boolean isPing() {
            return !headers.containsKey("X-WC-Webhook-Signature");
        }

        public String topic() {
            return headers.get("X-WC-Webhook-Topic");
        }

        /** "order/17" for a signed delivery. */
        public String resourceKey() {
            try {
                return topic().substring(0, topic().indexOf('.')) + "/" + MAPPER.readTree(body).get("id").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Delivery withBody(byte[] other) {
            return new Delivery(name, headers, other);
        }

        public Delivery withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Delivery(this.name, copy, body);
        }

        /** POSTs it to the tenant's webhook URL exactly as captured. */
        public Response post(String tenantSlug) {
            RequestSpecification request = RestAssured.given()
                    .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                            .appendDefaultContentCharsetToContentTypeIfUndefined(false)));
            headers.forEach(request::header);
            String contentType = headers.getOrDefault("Content-Type", "");
            // RestAssured only takes a form body as text; the ping's body is ASCII ("webhook_id=N")
            return (contentType.startsWith("application/x-www-form-urlencoded")
                    ? request.body(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1))
                    : request.body(body)).post("/webhooks/woocommerce/" + tenantSlug);
        }
    }

    private WooWebhookFixtures() {
    }

    /** Every captured delivery, in the order WooCommerce sent them. */
    public static List<Delivery> all() {
        try (InputStream index = WooWebhookFixtures.class.getResourceAsStream(DIR + "index.json")) {
            List<Delivery> out = new ArrayList<>();
            for (JsonNode row : MAPPER.readTree(index)) {
                String name = row.get("file").asText();
                out.add(load(name));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Delivery load(String name) throws IOException {
        JsonNode meta;
        try (InputStream in = WooWebhookFixtures.class.getResourceAsStream(DIR + name + ".headers.json")) {
            meta = MAPPER.readTree(in);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode pair : meta.get("headers")) {
            String header = pair.get(0).asText();
            if (!SKIP.contains(header.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(header, pair.get(1).asText());
            }
        }
        byte[] body;
        try (InputStream in = WooWebhookFixtures.class.getResourceAsStream(DIR + name + ".body")) {
            body = in.readAllBytes();
        }
        return new Delivery(name, headers, body);
    }
}

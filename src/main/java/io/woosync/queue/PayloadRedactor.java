package io.woosync.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from payloads before they are logged, and caps their size. JSON is walked and
 * every value under a secret-looking key is replaced; anything else (form bodies, headers, error
 * text) is scrubbed by pattern. Odoo's JSON-RPC puts the API key positionally in
 * {@code execute_kw} args ({@code [db, uid, key, ...]}), so that position is redacted too.
 */
final class PayloadRedactor {

    static final String MASK = "[redacted]";

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(secret|password|passwd|api[_-]?key|apikey|token|authorization|consumer[_-]?key|signature|cookie).*");

    private static final Pattern TEXT_SECRET = Pattern.compile(
            "(?i)(\"?(?:consumer_secret|consumer_key|password|api_key|apikey|access_token|token|secret|authorization)\"?\\s*[:=]\\s*)"
                    + "(\"[^\"]*\"|bearer\\s+\\S+|basic\\s+\\S+|[^&\\s,}\"]+)");

    private final ObjectMapper mapper;

    PayloadRedactor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String redact(String payload, int limit) {
        if (payload == null) {
            return null;
        }
        String clean;
        String trimmed = payload.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = mapper.readTree(payload);
                clean = mapper.writeValueAsString(redact(node));
            } catch (Exception notJson) {
                clean = redactText(payload);
            }
        } else {
            clean = redactText(payload);
        }
        return cap(clean, limit);
    }

    static String redactText(String text) {
        Matcher m = TEXT_SECRET.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + (m.group(2).startsWith("\"") ? "\"" + MASK + "\"" : MASK)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String cap(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit) + "…[truncated " + (text.length() - limit) + " characters]";
    }

    private JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean executeKw = object.path("method").asText("").equals("execute_kw")
                    || object.path("params").path("method").asText("").equals("execute_kw");
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_KEY.matcher(field.getKey().toLowerCase(Locale.ROOT)).matches() && !field.getValue().isContainerNode()) {
                    field.setValue(TextNode.valueOf(MASK));
                } else {
                    redact(field.getValue());
                }
            }
            if (executeKw || object.path("service").asText("").equals("object") || object.path("service").asText("").equals("common")) {
                JsonNode args = object.has("args") ? object.get("args") : object.path("params").get("args");
                if (args instanceof ArrayNode array && array.size() > 2 && array.get(2).isTextual()) {
                    array.set(2, TextNode.valueOf(MASK));
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                redact(element);
            }
        }
        return node;
    }
}

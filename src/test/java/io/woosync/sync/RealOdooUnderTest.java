package io.woosync.sync;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.odoo.standin.StandInOdoo;
import io.woosync.tenant.TenantConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link OdooUnderTest} on a real Odoo, over its external JSON-RPC API ({@code /jsonrpc},
 * {@code object.execute_kw} with the API key; present on 16–19). Deliberately its own small client, not
 * WooSync's gateway: the checks must not read Odoo through the code under test. Records are read with
 * every field {@code fields_get} lists except binary/html/properties ones and normalised to the stand-in's
 * shape (many2one → id, {@code false} → null for non-boolean fields, integers → {@code Long}).
 */
final class RealOdooUnderTest implements OdooUnderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNREAD_TYPES = Set.of("binary", "html", "properties", "properties_definition", "json");

    private final TenantConnections.Odoo conn;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Map<String, String>> fieldTypes = new ConcurrentHashMap<>();
    private final long uid;
    private final int major;

    private RealOdooUnderTest(TenantConnections.Odoo conn) {
        this.conn = conn;
        JsonNode version = rpc("common", "version", List.of());
        this.major = version.path("server_version_info").path(0).asInt();
        JsonNode u = rpc("common", "authenticate", List.of(conn.database(), conn.login(), conn.apiKey(), Map.of()));
        if (!u.isNumber()) {
            throw new IllegalStateException("Odoo at " + conn.url() + " rejected login " + conn.login() + " on database " + conn.database()
                    + " with the API key from the environment");
        }
        this.uid = u.asLong();
    }

    static RealOdooUnderTest connect(TenantConnections.Odoo conn) {
        return new RealOdooUnderTest(conn);
    }

    @Override
    public boolean isStandIn() {
        return false;
    }

    @Override
    public StandInOdoo standIn() {
        assumeTrue(false, "needs the stand-in Odoo (fault injection or call counts); running against a real Odoo " + major);
        throw new IllegalStateException("unreachable");
    }

    @Override
    public int major() {
        return major;
    }

    @Override
    public String url() {
        return conn.url();
    }

    @Override
    public String database() {
        return conn.database();
    }

    @Override
    public String login() {
        return conn.login();
    }

    @Override
    public String apiKey() {
        return conn.apiKey();
    }

    @Override
    public long seed(String model, Map<String, ?> vals) {
        return execute(model, "create", List.of(vals), Map.of()).asLong();
    }

    @Override
    public void update(String model, long id, Map<String, ?> vals) {
        execute(model, "write", List.of(List.of(id), vals), Map.of());
    }

    @Override
    public Map<String, Object> record(String model, long id) {
        List<Map<String, Object>> rows = convert(execute(model, "read", List.of(List.of(id)), Map.of("fields", readableFields(model))), model);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public List<Map<String, Object>> search(String model, List<?> domain) {
        return convert(execute(model, "search_read", List.of(domain), Map.of("fields", readableFields(model))), model);
    }

    @Override
    public int count(String model, List<?> domain) {
        return execute(model, "search_count", List.of(domain), Map.of()).asInt();
    }

    @Override
    public void close() {
        // Nothing held open: the records stay in the database for a person to look at.
    }

    /** {@code object.execute_kw} on the real Odoo; an Odoo error becomes an {@link IllegalStateException} with its message. */
    JsonNode execute(String model, String method, List<?> args, Map<String, ?> kwargs) {
        return rpc("object", "execute_kw", List.of(conn.database(), uid, conn.apiKey(), model, method, args, kwargs));
    }

    private List<String> readableFields(String model) {
        return new ArrayList<>(types(model).entrySet().stream().filter(e -> !UNREAD_TYPES.contains(e.getValue())).map(Map.Entry::getKey).toList());
    }

    private Map<String, String> types(String model) {
        return fieldTypes.computeIfAbsent(model, m -> {
            Map<String, String> out = new LinkedHashMap<>();
            execute(m, "fields_get", List.of(), Map.of("attributes", List.of("type"))).fields()
                    .forEachRemaining(f -> out.put(f.getKey(), f.getValue().path("type").asText()));
            return out;
        });
    }

    private List<Map<String, Object>> convert(JsonNode rows, String model) {
        Map<String, String> types = types(model);
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            row.fields().forEachRemaining(f -> r.put(f.getKey(), value(types.getOrDefault(f.getKey(), "id"), f.getValue())));
            out.add(r);
        }
        return out;
    }

    private static Object value(String type, JsonNode v) {
        if (v.isNull() || v.isMissingNode() || (v.isBoolean() && !v.asBoolean() && !type.equals("boolean"))) {
            return null;
        }
        return switch (type) {
            case "many2one" -> v.isArray() ? v.path(0).asLong() : v.asLong();
            case "one2many", "many2many" -> {
                List<Long> ids = new ArrayList<>();
                v.forEach(i -> ids.add(i.asLong()));
                yield ids;
            }
            case "integer", "id", "many2one_reference" -> v.asLong();
            case "float", "monetary" -> v.asDouble();
            case "boolean" -> v.asBoolean();
            default -> v.isTextual() ? v.asText() : JSON.convertValue(v, Object.class);
        };
    }

    private JsonNode rpc(String service, String method, List<?> args) {
        Map<String, Object> body = Map.of("jsonrpc", "2.0", "method", "call", "id", 1,
                "params", Map.of("service", service, "method", method, "args", args));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(conn.url() + "/jsonrpc")).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (answer.has("error")) {
                JsonNode data = answer.path("error").path("data");
                throw new IllegalStateException("Odoo " + service + "." + method + (args.size() > 4 ? " " + args.get(3) + "." + args.get(4) : "")
                        + " failed: " + data.path("name").asText() + ": " + data.path("message").asText(answer.path("error").toString()));
            }
            return answer.path("result");
        } catch (IOException e) {
            throw new UncheckedIOException("Odoo at " + conn.url() + " did not answer " + service + "." + method, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

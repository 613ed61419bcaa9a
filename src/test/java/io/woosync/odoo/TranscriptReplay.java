package io.woosync.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a recorded Odoo transcript (src/test/resources/odoo-transcripts, copied from
 * ../shared/fixtures/odoo) against a live server (the stand-in, or a real Odoo) and reports where the
 * answers' shapes differ from the recording.
 *
 * <p>Ids differ from server to server, so the replay learns a map from recorded to actual ids per
 * model from each answer (created ids, search results, read records, many2one pairs, actions'
 * {@code res_id}) and rewrites the ids in later requests. Run-specific strings (the recording's
 * SKU suffix) are replaced with a fresh one so the replay can run again on a real database.
 * {@code strict} (the stand-in) also compares list lengths and literal values, except values that
 * are naturally different per database (document numbers, ids, dates).
 */
final class TranscriptReplay {

    /** Where to replay. */
    record Target(String url, String database, String login, String apiKey) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Which model a field's ids belong to. */
    private static final Map<String, String> FIELD_MODELS = Map.ofEntries(
            Map.entry("partner_id", "res.partner"), Map.entry("partner_invoice_id", "res.partner"),
            Map.entry("partner_shipping_id", "res.partner"), Map.entry("parent_id", "res.partner"),
            Map.entry("product_id", "product.product"), Map.entry("product_tmpl_id", "product.template"),
            Map.entry("journal_id", "account.journal"), Map.entry("move_id", "account.move"), Map.entry("move_ids", "account.move"),
            Map.entry("invoice_ids", "account.move"), Map.entry("reversed_entry_id", "account.move"),
            Map.entry("picking_id", "stock.picking"), Map.entry("picking_ids", "stock.picking"),
            Map.entry("tax_id", "account.tax"), Map.entry("tax_ids", "account.tax"), Map.entry("taxes_id", "account.tax"),
            Map.entry("currency_id", "res.currency"), Map.entry("order_id", "sale.order"),
            Map.entry("order_line", "sale.order.line"), Map.entry("invoice_line_ids", "account.move.line"));
    /** Values that legitimately differ between databases: compared by type only. */
    private static final Set<String> VOLATILE = Set.of("name", "display_name", "invoice_origin", "default_invoice_origin",
            "date_done", "date_order", "latest_version", "debug", "view_id", "search_view_id", "views", "Set-Cookie");
    /** Steps whose result lists depend on what else the recorded database held. */
    private static final Set<String> DATA_DEPENDENT_LENGTH = Set.of(
            // 19's JSON-RPC run shared its database with the JSON-2 run, which had paid with the same memo.
            "account.payment search_read by memo (duplicate-payment check)");

    private final Target target;
    private final boolean strict;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Map<Long, Long>> ids = new HashMap<>();
    private final List<String> differences = new ArrayList<>();
    private String recordedSuffix;
    private final String freshSuffix = String.valueOf(100000 + (System.nanoTime() / 1000) % 900000);
    private long actualUid = -1;
    private String recordedDatabase;

    TranscriptReplay(Target target, boolean strict) {
        this.target = target;
        this.strict = strict;
    }

    static List<JsonNode> load(String file) throws IOException {
        List<JsonNode> steps = new ArrayList<>();
        try (InputStream in = TranscriptReplay.class.getResourceAsStream("/odoo-transcripts/" + file);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    steps.add(JSON.readTree(line));
                }
            }
        }
        return steps;
    }

    /** Replays every step; returns the differences found (empty = same shapes). */
    List<String> replay(List<JsonNode> steps) throws IOException, InterruptedException {
        String all = steps.toString();
        Matcher m = Pattern.compile("TEE-M-(\\d+)").matcher(all);
        recordedSuffix = m.find() ? m.group(1) : null;
        for (JsonNode step : steps) {
            String name = step.path("step").asText();
            JsonNode request = step.path("request");
            if (request.has("jsonrpc")) {
                replayJsonRpc(name, request, step.path("response"));
            } else {
                replayJson2(name, request, step.path("response"));
            }
        }
        return differences;
    }

    // ------------------------------------------------------------------ JSON-RPC

    private void replayJsonRpc(String step, JsonNode request, JsonNode recorded) throws IOException, InterruptedException {
        ObjectNode req = request.deepCopy();
        ObjectNode params = (ObjectNode) req.path("params");
        ArrayNode args = (ArrayNode) params.path("args");
        String service = params.path("service").asText();
        String method = params.path("method").asText();
        String model = service;
        String modelMethod = method;
        if (service.equals("common") && method.equals("authenticate")) {
            rewriteCredentials(args, 0, 1, 2);
        } else if (service.equals("object")) {
            rewriteCredentials(args, 0, -1, 2);
            if (args.get(1).canConvertToLong() && actualUid > 0) {
                args.set(1, LongNode.valueOf(actualUid));
            }
            model = args.get(3).asText();
            modelMethod = args.get(4).asText();
            JsonNode positional = args.get(5);
            if (positional instanceof ArrayNode pos && !pos.isEmpty()) {
                if (isRecordMethod(modelMethod)) {
                    pos.set(0, mapIds(model, pos.get(0)));
                    if (modelMethod.equals("write") && pos.size() > 1) {
                        rewriteVals(model, pos.get(1));
                    }
                } else if (modelMethod.equals("create")) {
                    rewriteVals(model, pos.get(0));
                } else if (modelMethod.startsWith("search")) {
                    rewriteDomain(model, pos.get(0));
                }
            }
            if (args.size() > 6) {
                rewriteContext(args.get(6).path("context"));
            }
        }
        rewriteStrings(req);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(target.url() + "/jsonrpc"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            differences.add(step + ": HTTP " + r.statusCode() + " instead of 200");
            return;
        }
        JsonNode actual = JSON.readTree(r.body());
        if (service.equals("common") && method.equals("authenticate") && actual.path("result").canConvertToLong()
                && !"wrong-key".equals(request.path("params").path("args").path(2).asText())) {
            actualUid = actual.path("result").asLong();
        }
        boolean lengths = strict && !DATA_DEPENDENT_LENGTH.contains(step);
        compareEnvelope(step, model, modelMethod, recorded, actual, lengths);
    }

    private void compareEnvelope(String step, String model, String method, JsonNode recorded, JsonNode actual, boolean lengths) {
        Set<String> rk = keys(recorded);
        Set<String> ak = keys(actual);
        if (!rk.equals(ak)) {
            differences.add(step + ": envelope keys " + ak + " instead of " + rk + " — got " + abbreviate(actual));
            return;
        }
        if (recorded.has("error")) {
            compare(step, "error", null, recorded.get("error"), actual.get("error"), lengths);
            return;
        }
        compareResult(step, model, method, recorded.get("result"), actual.get("result"), lengths);
    }

    private void compareResult(String step, String model, String method, JsonNode rec, JsonNode act, boolean lengths) {
        if ((method.equals("create") || method.equals("search")) && rec.isArray() && act.isArray()) {
            if (lengths && rec.size() != act.size()) {
                differences.add(step + ": " + act.size() + " ids instead of " + rec.size());
            }
            for (int i = 0; i < Math.min(rec.size(), act.size()); i++) {
                learnOrCheck(step, model, rec.get(i), act.get(i));
            }
            return;
        }
        if (method.equals("create") && rec.canConvertToLong() && act.canConvertToLong()) {
            learnOrCheck(step, model, rec, act);
            return;
        }
        compare(step, "result", model, rec, act, lengths);
    }

    // ------------------------------------------------------------------ JSON-2

    private void replayJson2(String step, JsonNode request, JsonNode recorded) throws IOException, InterruptedException {
        String path = request.path("path").asText();
        String[] parts = path.startsWith("/json/2/") ? path.substring(8).split("/") : new String[0];
        String model = parts.length > 0 ? parts[0] : "";
        String method = parts.length > 1 ? parts[1] : "";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(Duration.ofSeconds(60));
        Iterator<Map.Entry<String, JsonNode>> headers = request.path("headers").fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> h = headers.next();
            String value = h.getValue().asText();
            if (h.getKey().equals("Authorization")) {
                value = value.replace("<api-key>", target.apiKey());
            } else if (h.getKey().equals("X-Odoo-Database") && !value.equals("no_such_db")) {
                value = target.database();
            }
            b.header(h.getKey(), value);
        }
        JsonNode body = request.path("body");
        if (request.path("method").asText().equals("GET")) {
            b.GET();
        } else if (body.isTextual()) {
            b.POST(HttpRequest.BodyPublishers.ofString(body.asText()));
        } else {
            ObjectNode req = body.deepCopy();
            if (req.has("ids")) {
                req.set("ids", mapIds(model, req.get("ids")));
            }
            if (req.has("vals_list")) {
                req.get("vals_list").forEach(v -> rewriteVals(model, v));
            }
            if (req.has("vals")) {
                rewriteVals(model, req.get("vals"));
            }
            if (req.has("domain")) {
                rewriteDomain(model, req.get("domain"));
            }
            rewriteContext(req.path("context"));
            rewriteStrings(req);
            b.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode rec = recorded.path("body");
        int status = recorded.path("status").asInt();
        if (r.statusCode() != status) {
            differences.add(step + ": HTTP " + r.statusCode() + " instead of " + status + " — got " + abbreviate(r.body()));
            return;
        }
        String recordedType = recorded.path("headers").path("Content-Type").asText();
        String actualType = r.headers().firstValue("Content-Type").orElse("");
        if (recordedType.contains("json") != actualType.contains("json")) {
            differences.add(step + ": Content-Type " + actualType + " instead of " + recordedType);
            return;
        }
        if (status == 401 && r.headers().firstValue("WWW-Authenticate").isEmpty()) {
            differences.add(step + ": 401 without WWW-Authenticate");
        }
        if (!actualType.contains("json")) {
            return;
        }
        JsonNode act = JSON.readTree(r.body());
        boolean lengths = strict && !DATA_DEPENDENT_LENGTH.contains(step);
        if (status != 200 || path.equals("/json/version")) {
            compare(step, "body", null, rec, act, lengths);
        } else {
            compareResult(step, model, method, rec, act, lengths);
        }
    }

    // ------------------------------------------------------------------ rewriting requests

    private void rewriteCredentials(ArrayNode args, int dbIndex, int loginIndex, int keyIndex) {
        String db = args.get(dbIndex).asText();
        if (recordedDatabase == null && !db.equals("no_such_db")) {
            recordedDatabase = db;
        }
        if (!db.equals("no_such_db")) {
            args.set(dbIndex, TextNode.valueOf(target.database()));
        }
        if (loginIndex >= 0) {
            args.set(loginIndex, TextNode.valueOf(target.login()));
        }
        if (args.get(keyIndex).asText().equals("<api-key>")) {
            args.set(keyIndex, TextNode.valueOf(target.apiKey()));
        }
    }

    private static boolean isRecordMethod(String method) {
        return !Set.of("search", "search_read", "search_count", "create", "fields_get", "check_access_rights", "has_access").contains(method);
    }

    private JsonNode mapIds(String model, JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(mapId(model, n)));
            return out;
        }
        return mapId(model, node);
    }

    private JsonNode mapId(String model, JsonNode n) {
        if (!n.canConvertToLong() || n.isBoolean()) {
            return n;
        }
        Long mapped = ids.getOrDefault(model, Map.of()).get(n.asLong());
        return mapped == null ? n : LongNode.valueOf(mapped);
    }

    private void rewriteVals(String model, JsonNode vals) {
        if (!(vals instanceof ObjectNode o)) {
            return;
        }
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String f : names) {
            JsonNode v = o.get(f);
            String rel = f.equals("res_id") && o.has("model") ? o.get("model").asText() : FIELD_MODELS.get(f);
            if (rel == null) {
                continue;
            }
            if (v.canConvertToLong() && !v.isBoolean()) {
                o.set(f, mapId(rel, v));
            } else if (v.isArray()) {
                o.set(f, rewriteCommands(rel, (ArrayNode) v));
            }
        }
    }

    /** x2many commands: [6, 0, ids], [4, id], [1, id, vals], [2, id, 0], [0, 0, vals]. */
    private JsonNode rewriteCommands(String rel, ArrayNode commands) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode c : commands) {
            if (!c.isArray()) {
                out.add(mapId(rel, c));
                continue;
            }
            ArrayNode cmd = ((ArrayNode) c).deepCopy();
            int op = cmd.get(0).asInt();
            if (op == 6) {
                cmd.set(2, mapIds(rel, cmd.get(2)));
            } else if (op == 0) {
                rewriteVals(rel, cmd.get(2));
            } else {
                cmd.set(1, mapId(rel, cmd.get(1)));
                if (op == 1) {
                    rewriteVals(rel, cmd.get(2));
                }
            }
            out.add(cmd);
        }
        return out;
    }

    private void rewriteDomain(String model, JsonNode domain) {
        if (!domain.isArray()) {
            return;
        }
        for (JsonNode leaf : domain) {
            if (leaf instanceof ArrayNode l && l.size() == 3) {
                String field = l.get(0).asText();
                String rel = field.equals("id") ? model : FIELD_MODELS.get(field);
                if (rel != null) {
                    l.set(2, mapIds(rel, l.get(2)));
                }
            }
        }
    }

    private void rewriteContext(JsonNode context) {
        if (context instanceof ObjectNode ctx && ctx.has("active_model")) {
            String rel = ctx.get("active_model").asText();
            if (ctx.has("active_ids")) {
                ctx.set("active_ids", mapIds(rel, ctx.get("active_ids")));
            }
            if (ctx.has("active_id")) {
                ctx.set("active_id", mapId(rel, ctx.get("active_id")));
            }
        }
    }

    /** Replaces the recording's run suffix in every string, so a replay on a real database makes fresh SKUs and external ids. */
    private void rewriteStrings(JsonNode node) {
        if (recordedSuffix == null) {
            return;
        }
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                JsonNode v = o.get(n);
                if (v.isTextual()) {
                    o.put(n, fresh(v.asText()));
                } else {
                    rewriteStrings(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(fresh(a.get(i).asText())));
                } else {
                    rewriteStrings(a.get(i));
                }
            }
        }
    }

    private String fresh(String s) {
        return recordedSuffix == null ? s : s.replace(recordedSuffix, freshSuffix);
    }

    // ------------------------------------------------------------------ comparing answers

    private void learnOrCheck(String step, String model, JsonNode rec, JsonNode act) {
        if (model == null || !rec.canConvertToLong() || !act.canConvertToLong() || rec.isBoolean()) {
            return;
        }
        Map<Long, Long> m = ids.computeIfAbsent(model, k -> new HashMap<>());
        Long known = m.get(rec.asLong());
        if (known == null) {
            m.put(rec.asLong(), act.asLong());
        } else if (known != act.asLong()) {
            differences.add(step + ": " + model + " id " + act.asLong() + " where the recording's " + rec.asLong()
                    + " had been seen as " + known);
        }
    }

    private void compare(String step, String path, String model, JsonNode rec, JsonNode act, boolean lengths) {
        if (rec.isObject()) {
            if (!act.isObject()) {
                differences.add(step + ": " + path + " is " + act.getNodeType() + " instead of an object — got " + abbreviate(act));
                return;
            }
            Set<String> rk = keys(rec);
            Set<String> ak = keys(act);
            if (!rk.equals(ak)) {
                Set<String> missing = new TreeSet<>(rk);
                missing.removeAll(ak);
                Set<String> extra = new TreeSet<>(ak);
                extra.removeAll(rk);
                differences.add(step + ": " + path + " keys differ, missing " + missing + ", extra " + extra);
            }
            // An action or an external id names the model its res_id belongs to.
            String resModel = rec.has("res_model") ? rec.get("res_model").asText() : rec.has("model") ? rec.get("model").asText() : null;
            boolean action = rec.path("type").asText().startsWith("ir.actions");
            for (String k : rk) {
                if (!act.has(k)) {
                    continue;
                }
                String sub = path + "." + k;
                JsonNode r = rec.get(k);
                JsonNode a = act.get(k);
                if (k.equals("id")) {
                    learnOrCheck(step, action ? "ir.actions" : model, r, a);
                    typeCheck(step, sub, r, a);
                } else if (k.equals("res_id")) {
                    learnOrCheck(step, resModel, r, a);
                    typeCheck(step, sub, r, a);
                } else if (FIELD_MODELS.containsKey(k) && !k.equals("order_line")) {
                    compareRelation(step, sub, FIELD_MODELS.get(k), r, a, lengths);
                } else if (k.endsWith("_id") || k.endsWith("_ids") || VOLATILE.contains(k)) {
                    typeCheck(step, sub, r, a);
                } else {
                    compare(step, sub, null, r, a, lengths);
                }
            }
            return;
        }
        if (rec.isArray()) {
            if (!act.isArray()) {
                differences.add(step + ": " + path + " is " + act.getNodeType() + " instead of a list — got " + abbreviate(act));
                return;
            }
            if (lengths && rec.size() != act.size()) {
                differences.add(step + ": " + path + " has " + act.size() + " items instead of " + rec.size() + " — got " + abbreviate(act));
            }
            if (!strict && !rec.isEmpty() && act.isEmpty()) {
                differences.add(step + ": " + path + " is empty");
            }
            for (int i = 0; i < Math.min(rec.size(), act.size()); i++) {
                compare(step, path + "[" + i + "]", model, rec.get(i), act.get(i), lengths);
            }
            return;
        }
        typeCheck(step, path, rec, act);
        if (strict && !rec.isNull()) {
            boolean same = rec.isNumber() && act.isNumber() ? rec.decimalValue().compareTo(act.decimalValue()) == 0
                    : rec.isTextual() ? fresh(rec.asText()).equals(act.asText()) : rec.equals(act);
            if (!same) {
                differences.add(step + ": " + path + " is " + act + " instead of " + rec);
            }
        }
    }

    /** A many2one ({@code [id, name]} or false), or a list of ids. */
    private void compareRelation(String step, String path, String rel, JsonNode rec, JsonNode act, boolean lengths) {
        typeCheck(step, path, rec, act);
        if (!rec.isArray() || !act.isArray()) {
            return;
        }
        boolean many2one = rec.size() == 2 && rec.get(1).isTextual();
        if (many2one) {
            learnOrCheck(step, rel, rec.get(0), act.get(0));
            typeCheck(step, path + "[1]", rec.get(1), act.size() > 1 ? act.get(1) : IntNode.valueOf(0));
            return;
        }
        if (lengths && rec.size() != act.size()) {
            differences.add(step + ": " + path + " has " + act.size() + " ids instead of " + rec.size());
        }
        for (int i = 0; i < Math.min(rec.size(), act.size()); i++) {
            learnOrCheck(step, rel, rec.get(i), act.get(i));
        }
    }

    private void typeCheck(String step, String path, JsonNode rec, JsonNode act) {
        if (category(rec) != category(act)) {
            differences.add(step + ": " + path + " is " + act.getNodeType() + " (" + abbreviate(act) + ") instead of "
                    + rec.getNodeType() + " (" + abbreviate(rec) + ")");
        }
    }

    private static String category(JsonNode n) {
        return n.isNumber() ? "number" : n.getNodeType().name();
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}

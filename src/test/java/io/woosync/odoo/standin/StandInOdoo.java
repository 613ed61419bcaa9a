package io.woosync.odoo.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.woosync.tenant.TenantConnections;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in Odoo for tests: an HTTP server on 127.0.0.1 (random port) that speaks JSON-RPC
 * ({@code POST /jsonrpc}, Odoo 16-19) and JSON-2 ({@code POST /json/2/<model>/<method>},
 * {@code GET /json/version}, Odoo 19) exactly as ../shared/fixtures/odoo/*.jsonl show, over an
 * in-memory database of the order workflow's models ({@link StandInDatabase}).
 *
 * <pre>{@code
 * try (StandInOdoo odoo = StandInOdoo.start(17)) {
 *     TenantConnections.Odoo conn = odoo.connection("shop-a");
 *     odoo.inject("sale.order", "create", Fault.delayAfterCommit(Duration.ofSeconds(5)));
 *     ... gateway calls ...
 *     assertEquals(1, odoo.calls("sale.order", "create"));
 *     assertEquals(1, odoo.records("sale.order").size());
 * }
 * }</pre>
 */
public final class StandInOdoo implements AutoCloseable {

    static {
        // Answer in one TCP segment without waiting for the client's delayed ACK (Nagle), as a real server does.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final Set<String> MODEL_METHODS = Set.of("search", "search_read", "search_count", "create", "fields_get",
            "check_access_rights", "has_access", "context_get", "name_search", "default_get");
    private static final Map<String, List<String>> POSITIONAL = Map.ofEntries(
            Map.entry("search", List.of("domain", "offset", "limit", "order")),
            Map.entry("search_read", List.of("domain", "fields", "offset", "limit", "order")),
            Map.entry("search_count", List.of("domain", "limit")),
            Map.entry("read", List.of("fields")),
            Map.entry("create", List.of("vals_list")),
            Map.entry("write", List.of("vals")),
            Map.entry("fields_get", List.of("allfields", "attributes")),
            Map.entry("check_access_rights", List.of("operation", "raise_exception")),
            Map.entry("has_access", List.of("operation")));
    private static final String NO_DB_HTML = "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
            + "<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n"
            + "<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n"
            + "<!-- Alternatively, use the X-Odoo-Database header. -->\n";

    private record Injected(String model, String method, Fault fault, AtomicInteger remaining) {
    }

    private final int version;
    private final String database;
    private final String login = "admin";
    private final String apiKey = "standin-" + UUID.randomUUID().toString().replace("-", "");
    private final StandInDatabase db;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in-odoo");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Injected> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> callLog = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private final int port;

    private StandInOdoo(int version) throws IOException {
        if (version < 16 || version > 19) {
            throw new IllegalArgumentException("the stand-in speaks Odoo 16 to 19, not " + version);
        }
        this.version = version;
        this.database = "woo_test" + version;
        this.db = new StandInDatabase(version);
        this.server = bind(0);
        this.port = server.getAddress().getPort();
    }

    /** Starts a stand-in of Odoo {@code version} (16, 17, 18 or 19) on 127.0.0.1 at a free port. */
    public static StandInOdoo start(int version) {
        try {
            return new StandInOdoo(version);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stand-in Odoo", e);
        }
    }

    private HttpServer bind(int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    // =============================================================== public API

    public int version() {
        return version;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String database() {
        return database;
    }

    public String login() {
        return login;
    }

    public String apiKey() {
        return apiKey;
    }

    public long uid() {
        return db.uid;
    }

    /** The tenant connection settings that reach this stand-in. */
    public TenantConnections.Odoo connection(String tenantSlug) {
        return new TenantConnections.Odoo(tenantSlug, url(), database, login, apiKey);
    }

    /** Injects {@code fault} into the next call of {@code model.method} ({@code "*"} matches any; {@code common} is login/version). */
    public void inject(String model, String method, Fault fault) {
        inject(model, method, fault, 1);
    }

    /** Injects {@code fault} into the next {@code times} matching calls. */
    public void inject(String model, String method, Fault fault, int times) {
        faults.add(new Injected(model, method, fault, new AtomicInteger(times)));
    }

    /**
     * Injects {@code fault} into the {@code n}-th call from now (1 = the next), whatever it is: a test can
     * "kill" a client after each call of a workflow in turn. (Added for the order sync's crash tests.)
     */
    public void injectAtCall(int n, Fault fault) {
        callsSinceAt.set(0);
        faultAtCallFault = fault;
        faultAtCall = n;
    }

    private final AtomicInteger callsSinceAt = new AtomicInteger();
    private volatile int faultAtCall = -1;
    private volatile Fault faultAtCallFault;

    /** Injects {@code fault} into every matching call until {@link #clearFaults()}. */
    public void injectAlways(String model, String method, Fault fault) {
        inject(model, method, fault, Integer.MAX_VALUE);
    }

    public void clearFaults() {
        faults.clear();
        faultAtCall = -1;
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port after {@link #down()}. */
    public synchronized void up() {
        if (server == null) {
            try {
                server = bind(port);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen again on port " + port, e);
            }
        }
    }

    /** How many requests reached {@code model.method} (including faulted ones); {@code common.version}, {@code common.authenticate}, {@code json.version} for the service calls. */
    public int calls(String model, String method) {
        AtomicInteger n = calls.get(model + "." + method);
        return n == null ? 0 : n.get();
    }

    /** Calls per {@code model.method}. */
    public Map<String, Integer> calls() {
        Map<String, Integer> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Every call in order, as {@code model.method}. */
    public List<String> callLog() {
        return List.copyOf(callLog);
    }

    public void resetCalls() {
        calls.clear();
        callLog.clear();
    }

    /** All records of a model as stored (many2one as id, x2many as id lists), ordered by id. */
    public List<Map<String, Object>> records(String model) {
        synchronized (db) {
            List<Map<String, Object>> out = new ArrayList<>();
            db.tables.get(model).values().forEach(r -> out.add(new LinkedHashMap<>(r)));
            return out;
        }
    }

    /** One record as stored, or null. */
    public Map<String, Object> record(String model, long id) {
        synchronized (db) {
            Map<String, Object> r = db.tables.get(model).get(id);
            return r == null ? null : new LinkedHashMap<>(r);
        }
    }

    /**
     * The records matching an Odoo domain (e.g. {@code [["default_code", "=", "MUG-001"]]}), as stored, in
     * {@code search}'s order; archived records only when the domain asks about {@code active}, as in Odoo.
     */
    public List<Map<String, Object>> search(String model, List<?> domain) {
        synchronized (db) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Long id : db.search(model, domain, null, null, null)) {
                out.add(new LinkedHashMap<>(db.tables.get(model).get(id)));
            }
            return out;
        }
    }

    /** One record as {@code read} answers it (many2one as {@code [id, name]}, {@code false} for empty). */
    public Map<String, Object> read(String model, long id, String... fields) {
        synchronized (db) {
            List<Map<String, Object>> rows = db.read(model, List.of(id), List.of(fields));
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    /** Creates a record as {@code create} would (for test setup, not counted as a call). */
    public long seed(String model, Map<String, ?> vals) {
        synchronized (db) {
            return db.create(model, new LinkedHashMap<>(vals), Map.of());
        }
    }

    /** Sets a field of the company, e.g. {@code tax_calculation_rounding_method = round_globally}. */
    /** Changes fields of a record as an Odoo user would in the UI (no RPC call counted). */
    public void update(String model, long id, Map<String, ?> vals) {
        synchronized (db) {
            db.tables.get(model).get(id).putAll(vals);
        }
    }

    public void setCompany(String field, Object value) {
        synchronized (db) {
            db.field("res.company", field);
            db.tables.get("res.company").get(1L).put(field, value);
        }
    }

    /** Sets a module's state, e.g. {@code setModuleState("stock", "uninstalled")}. */
    public void setModuleState(String module, String state) {
        synchronized (db) {
            db.tables.get("ir.module.module").values().stream().filter(m -> module.equals(m.get("name")))
                    .forEach(m -> m.put("state", state));
        }
    }

    /** Takes away the user's right to {@code operation} (read, create, write, unlink) on {@code model}. */
    public void denyAccess(String model, String operation) {
        synchronized (db) {
            db.denied.add(model + ":" + operation);
        }
    }

    /** Removes a field from a model, as on a customised or partly upgraded database. */
    public void dropField(String model, String field) {
        synchronized (db) {
            db.models.get(model).remove(field);
        }
    }

    /** Deletes every record of a model (e.g. all journals, as on a database without a chart of accounts). */
    public void clear(String model) {
        synchronized (db) {
            db.tables.get(model).clear();
        }
    }

    /** Odoo 19: when the user's API key expires ({@code yyyy-MM-dd HH:mm:ss}), or null for never. */
    public void setApiKeyExpiry(String expiration) {
        synchronized (db) {
            db.tables.get("res.users.apikeys").values().forEach(k -> k.put("expiration_date", expiration));
        }
    }

    @Override
    public void close() {
        closing.countDown();
        down();
        executor.shutdownNow();
    }

    // =============================================================== HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals("/jsonrpc")) {
                jsonRpc(ex, body);
            } else if (path.equals("/json/version") && version >= 19) {
                count("json", "version");
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("version_info", List.of(version, 0, 0, "final", 0, ""));
                v.put("version", version + ".0");
                send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(v), Map.of());
            } else if (path.startsWith("/json/2/") && version >= 19) {
                json2(ex, path, body);
            } else {
                send(ex, 404, "text/html; charset=utf-8", "<!DOCTYPE html>\n<title>404 Not Found</title>\n".getBytes(StandardCharsets.UTF_8), Map.of());
            }
        } catch (Dropped d) {
            // The exchange is closed without an answer: the client sees the connection break.
        }
    }

    /** Thrown to end an exchange without answering. */
    private static final class Dropped extends RuntimeException {
        Dropped() {
            super(null, null, false, false);
        }
    }

    private interface Work {
        Object run();
    }

    /**
     * Applies the injected fault around {@code work}: returns the result to send, or null when a
     * fault already answered.
     */
    private Object withFaults(HttpExchange ex, String model, String method, boolean json2, Work work) throws IOException {
        count(model, method);
        Fault fault = takeFault(model, method);
        if (fault == null) {
            return work.run();
        }
        switch (fault.type()) {
            case DELAY -> pause(fault.delay());
            case DROP -> throw new Dropped();
            case HTTP_STATUS -> {
                send(ex, fault.status(), "text/html", ("<html><body><h1>" + fault.status() + "</h1></body></html>").getBytes(StandardCharsets.UTF_8), Map.of());
                return null;
            }
            case SERIALIZATION_FAILURE -> throw new StandInError("psycopg2.errors.SerializationFailure",
                    "could not serialize access due to concurrent update", 500);
            default -> {
            }
        }
        Object result = work.run();
        if (fault.type() == Fault.Type.DELAY_AFTER_COMMIT) {
            pause(fault.delay());
        } else if (fault.type() == Fault.Type.DROP_AFTER_COMMIT) {
            throw new Dropped();
        }
        return result;
    }

    private Fault takeFault(String model, String method) {
        if (faultAtCall > 0 && callsSinceAt.incrementAndGet() == faultAtCall) {
            faultAtCall = -1;
            return faultAtCallFault;
        }
        for (Injected f : faults) {
            if ((f.model().equals("*") || f.model().equals(model)) && (f.method().equals("*") || f.method().equals(method))) {
                if (f.remaining().getAndDecrement() > 0) {
                    return f.fault();
                }
                faults.remove(f);
            }
        }
        return null;
    }

    private void pause(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void count(String model, String method) {
        calls.computeIfAbsent(model + "." + method, k -> new AtomicInteger()).incrementAndGet();
        callLog.add(model + "." + method);
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body, Map<String, String> headers) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException ignored) {
            // The client gave up (timed out) while we were answering.
        }
    }

    // =============================================================== JSON-RPC

    @SuppressWarnings("unchecked")
    private void jsonRpc(HttpExchange ex, byte[] body) throws IOException {
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            send(ex, 400, "text/html", "<h1>Bad Request</h1>".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        JsonNode id = req.path("id");
        String service = req.path("params").path("service").asText();
        String method = req.path("params").path("method").asText();
        List<Object> args = JSON.convertValue(req.path("params").path("args"), List.class);
        if (args == null) {
            args = List.of();
        }
        String model = service.equals("object") && args.size() > 4 ? String.valueOf(args.get(3)) : service;
        String countedMethod = service.equals("object") && args.size() > 4 ? String.valueOf(args.get(4)) : method;
        final List<Object> a = args;
        Object result;
        try {
            result = withFaults(ex, model, countedMethod, false, () -> rpcDispatch(service, method, a));
        } catch (StandInError e) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", e.name);
            if (version <= 18) {
                data.put("debug", e.debug());
            }
            data.put("message", e.getMessage());
            data.put("arguments", List.of(e.getMessage()));
            data.put("context", Map.of());
            if (version >= 19) {
                data.put("debug", e.debug());
            }
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", version >= 19 ? 0 : 200);
            error.put("message", "Odoo Server Error");
            error.put("data", data);
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("jsonrpc", "2.0");
            env.put("id", JSON.convertValue(id, Object.class));
            env.put("error", error);
            send(ex, 200, "application/json", JSON.writeValueAsBytes(env), Map.of());
            return;
        }
        if (result == null && ex.getResponseCode() != -1) {
            return;
        }
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jsonrpc", "2.0");
        env.put("id", JSON.convertValue(id, Object.class));
        env.put("result", result);
        send(ex, 200, "application/json", JSON.writeValueAsBytes(env), Map.of());
    }

    @SuppressWarnings("unchecked")
    private Object rpcDispatch(String service, String method, List<Object> args) {
        if (service.equals("common")) {
            switch (method) {
                case "version" -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    // The builds the transcripts were recorded on.
                    v.put("server_version", switch (version) {
                        case 16 -> "16.0-20231208";
                        case 18 -> "18.0-20250506";
                        default -> version + ".0";
                    });
                    v.put("server_version_info", List.of(version, 0, 0, "final", 0, ""));
                    v.put("server_serie", version + ".0");
                    v.put("protocol_version", 1);
                    return v;
                }
                case "authenticate", "login" -> {
                    requireDatabase(String.valueOf(args.get(0)));
                    boolean ok = login.equals(args.get(1)) && apiKey.equals(args.get(2));
                    return ok ? db.uid : false;
                }
                default -> throw new StandInError("builtins.NameError", "No such method " + method + " on service common", 500);
            }
        }
        if (!service.equals("object") || !method.equals("execute_kw") && !method.equals("execute")) {
            throw new StandInError("builtins.NameError", "unknown service or method " + service + "." + method, 500);
        }
        requireDatabase(String.valueOf(args.get(0)));
        if (!(args.get(1) instanceof Number n && n.longValue() == db.uid) || !apiKey.equals(args.get(2))) {
            throw StandInError.accessDenied();
        }
        String model = String.valueOf(args.get(3));
        String m = String.valueOf(args.get(4));
        List<Object> positional = args.size() > 5 && args.get(5) != null ? (List<Object>) args.get(5) : List.of();
        Map<String, Object> kwargs = args.size() > 6 && args.get(6) instanceof Map<?, ?> kw ? new LinkedHashMap<>((Map<String, Object>) kw) : new LinkedHashMap<>();
        Map<String, Object> ctx = kwargs.remove("context") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
        List<Long> ids = List.of();
        List<Object> rest = positional;
        if (!MODEL_METHODS.contains(m) && !positional.isEmpty()) {
            ids = idList(positional.get(0));
            rest = positional.subList(1, positional.size());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> names = POSITIONAL.getOrDefault(m, List.of());
        for (int i = 0; i < rest.size() && i < names.size(); i++) {
            params.put(names.get(i), rest.get(i));
        }
        params.putAll(kwargs);
        if (m.equals("create") && params.get("vals_list") instanceof Map<?, ?> single) {
            return ((List<Long>) invoke(model, m, ids, Map.of("vals_list", List.of(single)), ctx, false)).get(0);
        }
        return invoke(model, m, ids, params, ctx, false);
    }

    private void requireDatabase(String name) {
        if (!database.equals(name)) {
            String msg = "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"" + name + "\" does not exist\n";
            throw new StandInError("psycopg2.OperationalError", msg, 404);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Long> idList(Object o) {
        List<Long> out = new ArrayList<>();
        if (o instanceof Number n) {
            out.add(n.longValue());
        } else if (o instanceof List<?> l) {
            for (Object e : l) {
                out.add(((Number) e).longValue());
            }
        }
        return out;
    }

    // =============================================================== JSON-2

    @SuppressWarnings("unchecked")
    private void json2(HttpExchange ex, String path, byte[] body) throws IOException {
        String[] parts = path.substring("/json/2/".length()).split("/");
        String model = parts.length > 0 ? parts[0] : "";
        String method = parts.length > 1 ? parts[1] : "";
        try {
            if (!ex.getRequestMethod().equals("POST") || parts.length != 2) {
                throw StandInError.notFound("Did you mean POST /json/2/<model>/<method>?");
            }
            String dbName = ex.getRequestHeaders().getFirst("X-Odoo-Database");
            if (dbName == null || !dbName.equals(database)) {
                count(model, method);
                send(ex, 404, "text/html; charset=utf-8", NO_DB_HTML.getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.toLowerCase(java.util.Locale.ROOT).startsWith("bearer ")) {
                count(model, method);
                throw new StandInError("werkzeug.exceptions.Unauthorized",
                        "User not authenticated, use an API Key with a Bearer Authorization header.", 401, true);
            }
            if (!auth.substring("bearer ".length()).trim().equals(apiKey)) {
                count(model, method);
                throw new StandInError("werkzeug.exceptions.Unauthorized", "Invalid apikey", 401, true);
            }
            Map<String, Object> params;
            try {
                Object parsed = JSON.readValue(body, Object.class);
                params = parsed instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
            } catch (IOException e) {
                count(model, method);
                String text = new String(body, StandardCharsets.UTF_8);
                String why = text.startsWith("{") && text.length() > 1 && text.charAt(1) != '"'
                        ? "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
                        : "Expecting value: line 1 column 1 (char 0)";
                throw new StandInError("werkzeug.exceptions.BadRequest", "could not parse the body as json: " + why, 400, true);
            }
            Map<String, Object> ctx = params.remove("context") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
            boolean hasIds = params.containsKey("ids");
            List<Long> ids = hasIds ? idList(params.remove("ids")) : List.of();
            Object result = withFaults(ex, model, method, true, () -> {
                if (hasIds && MODEL_METHODS.contains(method) && db.hasModel(model)) {
                    throw StandInError.unprocessable("cannot call " + model + "." + method + " with ids");
                }
                checkJson2Arguments(method, params);
                return invoke(model, method, ids, params, ctx, true);
            });
            if (result == null && ex.getResponseCode() != -1) {
                return;
            }
            send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(result), Map.of());
        } catch (StandInError e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("name", e.name);
            err.put("message", e.getMessage());
            err.put("arguments", e.werkzeug ? List.of(e.getMessage(), e.json2Status) : List.of(e.getMessage()));
            err.put("context", Map.of());
            err.put("debug", e.debug());
            Map<String, String> headers = e.json2Status == 401 ? Map.of("WWW-Authenticate", "Bearer ") : Map.of();
            send(ex, e.json2Status, "application/json; charset=utf-8", JSON.writeValueAsBytes(err), headers);
        }
    }

    /** Python's argument binding, as JSON-2 reports it (422), for the ORM methods with required parameters. */
    private static void checkJson2Arguments(String method, Map<String, Object> params) {
        List<String> required = switch (method) {
            case "search", "search_count" -> List.of("domain");
            case "create" -> List.of("vals_list");
            case "write" -> List.of("vals");
            case "has_access", "check_access_rights" -> List.of("operation");
            default -> List.of();
        };
        for (String r : required) {
            if (!params.containsKey(r)) {
                throw StandInError.unprocessable("missing a required argument: '" + r + "'");
            }
        }
        List<String> allowed = POSITIONAL.get(method);
        if (allowed == null) {
            return;
        }
        for (String k : params.keySet()) {
            if (!allowed.contains(k)) {
                if (method.equals("search_read")) {
                    // search_read(**read_kwargs) passes unknown names on to _read_format.
                    throw new StandInError("builtins.TypeError", "BaseModel._read_format() got an unexpected keyword argument '" + k + "'", 500);
                }
                throw StandInError.unprocessable("got an unexpected keyword argument '" + k + "'");
            }
        }
    }

    // =============================================================== methods

    /** One call is one transaction: a failing call leaves no trace but the ids and numbers it consumed. */
    private Object invoke(String model, String method, List<Long> ids, Map<String, Object> p, Map<String, Object> ctx, boolean json2) {
        synchronized (db) {
            var before = db.snapshot();
            try {
                return invokeInTransaction(model, method, ids, p, ctx, json2);
            } catch (RuntimeException e) {
                db.restore(before);
                if (e instanceof StandInError) {
                    throw e;
                }
                throw new StandInError("builtins." + e.getClass().getSimpleName(), String.valueOf(e.getMessage()), 500);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Object invokeInTransaction(String model, String method, List<Long> ids, Map<String, Object> p, Map<String, Object> ctx,
                                       boolean json2) {
        {
            if (!db.hasModel(model)) {
                throw json2 ? StandInError.notFound("the model '" + model + "' does not exist")
                        : StandInError.user("Object " + model + " doesn't exist");
            }
            if (method.startsWith("_") || version >= 19 && method.equals("check_access")) {
                String what = version >= 18 ? "'" + model + "." + method + "'" : method;
                throw StandInError.access("Private methods (such as " + what + ") cannot be called remotely.");
            }
            switch (method) {
                case "search" -> {
                    db.checkAccess(model, "read");
                    return db.search(model, list(p.get("domain")), integer(p.get("offset")), integer(p.get("limit")), str(p.get("order")));
                }
                case "search_count" -> {
                    db.checkAccess(model, "read");
                    return db.search(model, list(p.get("domain")), null, integer(p.get("limit")), null).size();
                }
                case "search_read" -> {
                    db.checkAccess(model, "read");
                    List<Long> found = db.search(model, list(p.get("domain")), integer(p.get("offset")), integer(p.get("limit")), str(p.get("order")));
                    return db.read(model, found, strings(p.get("fields")));
                }
                case "read" -> {
                    db.checkAccess(model, "read");
                    return db.read(model, ids, strings(p.get("fields")));
                }
                case "create" -> {
                    List<Long> created = new ArrayList<>();
                    for (Object vals : list(p.get("vals_list"))) {
                        created.add(db.create(model, new LinkedHashMap<>((Map<String, Object>) vals), ctx));
                    }
                    return created;
                }
                case "write" -> {
                    db.write(model, ids, new LinkedHashMap<>((Map<String, Object>) p.get("vals")));
                    return true;
                }
                case "unlink" -> {
                    db.checkAccess(model, "unlink");
                    ids.forEach(id -> db.tables.get(model).remove(id));
                    return true;
                }
                case "fields_get" -> {
                    return db.fieldsGet(model, strings(p.get("allfields")), strings(p.get("attributes")));
                }
                case "check_access_rights", "has_access" -> {
                    if (method.equals("has_access") && version < 18) {
                        throw unknown(model, method, json2);
                    }
                    String op = str(p.get("operation"));
                    boolean allowed = !db.denied.contains(model + ":" + op);
                    if (!allowed && method.equals("check_access_rights") && !Boolean.FALSE.equals(p.get("raise_exception"))) {
                        db.checkAccess(model, op);
                    }
                    return allowed;
                }
                case "context_get" -> {
                    if (!model.equals("res.users")) {
                        throw unknown(model, method, json2);
                    }
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("lang", "en_US");
                    c.put("tz", false);
                    c.put("uid", db.uid);
                    return c;
                }
                default -> {
                    if (!StandInDatabase.isButton(model, method)) {
                        throw unknown(model, method, json2);
                    }
                    return db.callButton(model, method, ids, ctx);
                }
            }
        }
    }

    private StandInError unknown(String model, String method, boolean json2) {
        return json2 ? StandInError.notFound("The method '" + model + "." + method + "' does not exist") : db.unknownMethod(model, method);
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? (List<String>) l : null;
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static String str(Object o) {
        return o instanceof String s ? s : null;
    }

}

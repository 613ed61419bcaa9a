package io.woosync.web;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.woosync.TestTokens;
import io.woosync.tenant.TenantApiTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route × every role: allowed or denied, as the table below says. The table must list every
 * JAX-RS route in the application ({@link #everyRouteIsInTheMatrix}), so a new endpoint cannot
 * ship without a decision about who may call it.
 */
@QuarkusTest
class RoleRouteMatrixTest {

    static final String OPERATOR = "operator";
    static final String ADMIN = "tenant-admin";
    static final String FINANCE = "finance";
    static final String VIEWER = "viewer";
    static final Set<String> ALL = Set.of(OPERATOR, ADMIN, FINANCE, VIEWER);
    static final Set<String> ADMINS = Set.of(OPERATOR, ADMIN);
    static final Set<String> PUBLIC = Set.of();

    /** One route: how to call it, and who may. {slug} is the tenant the caller belongs to (or not). */
    record Route(String method, String path, Set<String> allowed, boolean isPublic,
                 BiFunction<RequestSpecification, Ctx, RequestSpecification> request) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** What a request may need: the slug in play and a CSRF pair for forms. */
    record Ctx(String slug, PageSession csrf) {
    }

    static Route route(String method, String path, Set<String> allowed) {
        return new Route(method, path, allowed, false, (spec, ctx) -> method.equals("GET") ? spec : spec.contentType(ContentType.JSON));
    }

    static Route route(String method, String path, Set<String> allowed,
                       BiFunction<RequestSpecification, Ctx, RequestSpecification> request) {
        return new Route(method, path, allowed, false, request);
    }

    static Route publicRoute(String method, String path) {
        return new Route(method, path, PUBLIC, true, (spec, ctx) -> spec);
    }

    static RequestSpecification form(RequestSpecification spec, Ctx ctx, Map<String, String> fields) {
        spec = spec.contentType("application/x-www-form-urlencoded")
                .cookie("woosync-csrf", ctx.csrf().csrfCookie).formParam("csrf-token", ctx.csrf().csrfToken);
        for (var e : fields.entrySet()) {
            spec = spec.formParam(e.getKey(), e.getValue());
        }
        return spec;
    }

    /**
     * Matrix tenants have no store or Odoo connection: routes that call out then fail at once with
     * a configuration problem instead of waiting on a network, which is all an authorization test needs.
     */
    static Map<String, Object> minimalTenant(String slug) {
        return Map.of("slug", slug, "name", "Matrix " + slug, "wooWebhookSecret", "test-secret");
    }

    static String fresh() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static final List<Route> MATRIX = List.of(
            // --- JSON API ---------------------------------------------------------------------
            route("GET", "/api/tenants", ALL),
            route("POST", "/api/tenants", Set.of(OPERATOR),
                    (s, c) -> s.contentType(ContentType.JSON).body(TenantApiTest.fullTenant(fresh()))),
            route("GET", "/api/tenants/{slug}", ALL),
            route("PUT", "/api/tenants/{slug}", ADMINS,
                    (s, c) -> s.contentType(ContentType.JSON).body(minimalTenant(c.slug()))),
            route("POST", "/api/tenants/{slug}/pause", ADMINS),
            route("POST", "/api/tenants/{slug}/resume", ADMINS),
            route("POST", "/api/admin/secrets/re-encrypt", Set.of(OPERATOR)),
            // the Odoo connection test runs Odoo calls: only those who may change the settings; its result is for all
            route("POST", "/api/tenants/{slug}/odoo/test", ADMINS),
            route("GET", "/api/tenants/{slug}/odoo/status", ALL),
            route("GET", "/api/tenants/{slug}/jobs", ALL),
            route("GET", "/api/tenants/{slug}/jobs/{job}", ALL),
            route("GET", "/api/tenants/{slug}/jobs/{job}/log", ALL),
            route("POST", "/api/tenants/{slug}/jobs/{job}/retry", ADMINS),
            route("POST", "/api/tenants/{slug}/jobs/{job}/cancel", ADMINS),
            route("GET", "/api/tenants/{slug}/sync-log", ALL),
            route("GET", "/api/tenants/{slug}/woo/settings", ALL),
            route("PUT", "/api/tenants/{slug}/woo/settings", ADMINS,
                    (s, c) -> s.contentType(ContentType.JSON).body(Map.of("writeBack", true))),
            route("GET", "/api/tenants/{slug}/woo/webhooks", ALL),
            route("POST", "/api/tenants/{slug}/woo/webhooks/ensure", ADMINS),
            route("GET", "/api/tenants/{slug}/woo/poll", ALL),
            route("POST", "/api/tenants/{slug}/woo/poll", ADMINS),
            // sync (io.woosync.sync.OrderSyncResource); {order} is WooCommerce order 1
            route("GET", "/api/tenants/{slug}/orders/{order}/plan", ALL),
            route("GET", "/api/tenants/{slug}/orders/{order}/trace", ALL),
            route("POST", "/api/tenants/{slug}/orders/{order}/reviews/acknowledge", ADMINS,
                    (s, c) -> s.contentType(ContentType.JSON)),
            // sync settings (io.woosync.sync.SyncSettingsResource): everyone reads, admins replace
            route("GET", "/api/tenants/{slug}/sync-settings", ALL),
            route("PUT", "/api/tenants/{slug}/sync-settings", ADMINS,
                    (s, c) -> s.contentType(ContentType.JSON).body(io.woosync.sync.settings.SyncSettings.defaults())),
            route("GET", "/api/tenants/{slug}/sync-settings/changes", ALL),
            // finance's reconciliation export (io.woosync.reconcile.ReconcileResource): not for viewers
            route("GET", "/api/tenants/{slug}/reconcile/differences.csv", Set.of(OPERATOR, ADMIN, FINANCE)),
            // holding the settings against Odoo runs Odoo calls, like the connection test
            route("POST", "/api/tenants/{slug}/sync-settings/check", ADMINS),
            // --- pages ------------------------------------------------------------------------
            route("GET", "/", ALL),
            route("GET", "/tenants", ALL),
            route("GET", "/tenants/new", Set.of(OPERATOR)),
            route("POST", "/tenants", Set.of(OPERATOR),
                    (s, c) -> form(s, c, Map.of("slug", fresh(), "name", "Matrix"))),
            route("GET", "/tenants/{slug}", ALL),
            route("GET", "/tenants/{slug}/edit", ADMINS),
            route("POST", "/tenants/{slug}", ADMINS,
                    (s, c) -> form(s, c, Map.of("name", "Matrix " + c.slug()))),
            route("POST", "/tenants/{slug}/pause", ADMINS, (s, c) -> form(s, c, Map.of())),
            route("POST", "/tenants/{slug}/resume", ADMINS, (s, c) -> form(s, c, Map.of())),
            route("GET", "/tenants/{slug}/sync-settings", ALL),
            route("POST", "/tenants/{slug}/sync-settings", ADMINS,
                    (s, c) -> form(s, c, SyncSettingsPagesTest.defaultScalars())),
            route("POST", "/tenants/{slug}/sync-settings/check", ADMINS, (s, c) -> form(s, c, Map.of()))
    );

    static String tenantA;
    static String tenantB;
    static long jobA;
    static PageSession csrf;

    /** Lazily, from inside a test: RestAssured knows the random port only once a test runs. */
    static synchronized void tenants() {
        if (tenantA != null) {
            return;
        }
        tenantA = fresh();
        tenantB = fresh();
        for (String slug : List.of(tenantA, tenantB)) {
            given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(minimalTenant(slug))
                    .post("/api/tenants").then().statusCode(201);
        }
        csrf = PageSession.open(TestTokens.operator(), "/tenants/new");
        jobA = queueAJob(tenantA);
    }

    /** A real job of tenant A: a signed order webhook, as WooCommerce sends it. */
    static long queueAJob(String slug) {
        try {
            byte[] body = java.nio.file.Files.readAllBytes(Paths.get("src/test/resources/fixtures/woocommerce/webhooks/021-order_created.body"));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("test-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            given().contentType("application/json").body(body)
                    .header("X-WC-Webhook-Signature", java.util.Base64.getEncoder().encodeToString(mac.doFinal(body)))
                    .header("X-WC-Webhook-Topic", "order.created").header("X-WC-Webhook-Resource", "order")
                    .header("X-WC-Webhook-Event", "created").header("X-WC-Webhook-ID", "1")
                    .header("X-WC-Webhook-Delivery-ID", "matrix").header("X-WC-Webhook-Source", "http://127.0.0.1:8088/")
                    .post("/webhooks/woocommerce/" + slug).then().statusCode(200);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return given().auth().oauth2(TestTokens.operator()).get("/api/tenants/" + slug + "/jobs")
                .then().statusCode(200).extract().jsonPath().getLong("[0].id");
    }

    static String token(String role, String slug) {
        return switch (role) {
            case OPERATOR -> TestTokens.operator();
            case ADMIN -> TestTokens.tenantAdmin(slug);
            case FINANCE -> TestTokens.finance(slug);
            case VIEWER -> TestTokens.viewer(slug);
            default -> throw new IllegalArgumentException(role);
        };
    }

    static Response call(Route route, String token, String slug) {
        RequestSpecification spec = given().redirects().follow(false);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        spec = route.request().apply(spec, new Ctx(slug, csrf));
        return spec.request(route.method(), route.path().replace("{slug}", slug).replace("{order}", "1").replace("{job}", Long.toString(jobA)));
    }

    @TestFactory
    Stream<DynamicTest> everyRoleOnEveryRoute() {
        tenants();
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : MATRIX) {
            if (route.isPublic()) {
                continue;
            }
            for (String role : ALL) {
                boolean allowed = route.allowed().contains(role);
                tests.add(DynamicTest.dynamicTest(role + " " + route + (allowed ? " allowed" : " denied"), () -> {
                    Response r = call(route, token(role, tenantA), tenantA);
                    if (allowed) {
                        // Authorized: past authentication, the role check and the tenant scope. A route
                        // that calls an unconfigured store may answer its own 4xx/502 problem, never a 500.
                        assertTrue(r.statusCode() != 401 && r.statusCode() != 403 && r.statusCode() != 404
                                && r.statusCode() != 500, role + " " + route + " → " + r.statusCode() + " " + r.asString());
                    } else {
                        assertEquals(403, r.statusCode(), role + " " + route + " → " + r.asString());
                    }
                }));
            }
            tests.add(DynamicTest.dynamicTest("anonymous " + route + " denied", () -> {
                Response r = call(route, null, tenantA);
                if (route.path().startsWith("/api/")) {
                    assertEquals(401, r.statusCode(), route.toString());
                } else {
                    // pages send the browser to the identity provider
                    assertEquals(302, r.statusCode(), route.toString());
                    assertTrue(r.header("Location").contains("/realms/quarkus"), r.header("Location"));
                }
            }));
        }
        return tests.stream();
    }

    /** A user of tenant A gets 404 on every B route their role could use, exactly as for a missing tenant. */
    @TestFactory
    Stream<DynamicTest> anotherTenantsRoutesAre404() {
        tenants();
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : MATRIX) {
            if (route.isPublic() || !route.path().contains("{slug}")) {
                continue;
            }
            for (String role : List.of(ADMIN, FINANCE, VIEWER)) {
                tests.add(DynamicTest.dynamicTest(role + " of A on B: " + route, () -> {
                    Response onB = call(route, token(role, tenantA), tenantB);
                    Response onMissing = call(route, token(role, tenantA), "no-such-tenant");
                    int expected = route.allowed().contains(role) ? 404 : 403;
                    assertEquals(expected, onB.statusCode(), role + " " + route + " on B → " + onB.asString());
                    assertEquals(onMissing.statusCode(), onB.statusCode(), "B must look exactly like a missing tenant");
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void everyRouteIsInTheMatrix() throws IOException, ClassNotFoundException {
        Set<String> declared = new TreeSet<>();
        var root = Paths.get("target", "classes");
        try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("io/woosync"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                Path classPath = type.getAnnotation(Path.class);
                if (classPath == null || type.isAnnotationPresent(IfBuildProfile.class)) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                            : m.isAnnotationPresent(PUT.class) ? "PUT" : m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                    if (verb == null) {
                        continue;
                    }
                    Path methodPath = m.getAnnotation(Path.class);
                    declared.add(verb + " " + join(classPath.value(), methodPath == null ? "" : methodPath.value()));
                }
            }
        }
        Set<String> inMatrix = new TreeSet<>();
        MATRIX.forEach(r -> inMatrix.add(r.method() + " " + r.path().replaceAll("\\{[^}]+}", "{}")));
        Set<String> normalised = new TreeSet<>();
        declared.forEach(d -> normalised.add(d.replaceAll("\\{[^}]+}", "{}")));
        assertEquals(normalised, inMatrix, "every route needs a row in the role matrix, and every row a route");
    }

    private static String join(String a, String b) {
        String path = ("/" + a + "/" + b).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

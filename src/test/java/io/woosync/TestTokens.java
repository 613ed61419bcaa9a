package io.woosync;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;

import java.util.List;
import java.util.Set;

/**
 * Real signed OIDC tokens for tests. The WireMock OIDC server (started once for the whole suite by
 * the annotation below) publishes the matching key, so these tokens go through Quarkus' full
 * verification: signature, issuer, expiry.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";

    private TestTokens() {
    }

    /** A bearer token for {@code user} with {@code roles} and the tenants claim {@code tenants}. */
    public static String bearer(String user, Set<String> roles, List<String> tenants) {
        return Jwt.preferredUserName(user)
                .subject(user)
                .groups(roles)
                .claim("tenants", tenants)
                .issuer(ISSUER)
                .audience("https://server.example.com")
                .jws().keyId("1")
                .sign("privateKey.jwk");
    }

    public static String operator() {
        return bearer("olivia-operator", Set.of("operator"), List.of());
    }

    public static String tenantAdmin(String... tenants) {
        return bearer("tom-admin", Set.of("tenant-admin"), List.of(tenants));
    }

    public static String finance(String... tenants) {
        return bearer("fay-finance", Set.of("finance"), List.of(tenants));
    }

    public static String viewer(String... tenants) {
        return bearer("vic-viewer", Set.of("viewer"), List.of(tenants));
    }
}

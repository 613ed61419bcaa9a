package io.woosync.web;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.woosync.tenant.TenantAccess;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Authenticates dev-mode requests from the cookie {@link DevLogin} sets: user, roles and tenants,
 * signed with a key that lives only as long as the process. Dev builds only.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevLoginMechanism implements HttpAuthenticationMechanism {

    static final String COOKIE = "woosync-dev-login";
    private final byte[] key = new byte[32];

    public DevLoginMechanism() {
        new SecureRandom().nextBytes(key);
    }

    String issue(String user, Set<String> roles, Set<String> tenants) {
        String payload = String.join("|", user, String.join(",", roles), String.join(",", tenants));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + sign(encoded);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null) {
            return Uni.createFrom().nullItem();
        }
        String[] parts = cookie.getValue().split("\\.", 2);
        if (parts.length != 2 || !MessageDigest.isEqual(sign(parts[0]).getBytes(StandardCharsets.US_ASCII),
                parts[1].getBytes(StandardCharsets.US_ASCII))) {
            return Uni.createFrom().nullItem();
        }
        String[] fields = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).split("\\|", -1);
        Set<String> roles = split(fields[1]);
        Set<String> tenants = split(fields[2]);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(fields[0]))
                .addRoles(roles)
                .addAttribute(TenantAccess.TENANTS_ATTRIBUTE, Set.copyOf(tenants))
                .build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (context.normalizedPath().startsWith("/api/")) {
            return Uni.createFrom().item(new ChallengeData(401, null, null));
        }
        return Uni.createFrom().item(new ChallengeData(302, HttpHeaders.LOCATION, "/dev-login"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    private String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> split(String csv) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).forEach(out::add);
        return out;
    }
}

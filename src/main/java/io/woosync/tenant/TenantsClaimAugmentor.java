package io.woosync.tenant;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Copies the tenants claim of an OIDC token onto the identity as the attribute
 * {@link TenantAccess#TENANTS_ATTRIBUTE}, so the rest of the code reads one place whatever the
 * login (OIDC code flow, bearer token, or the dev login).
 */
@ApplicationScoped
public class TenantsClaimAugmentor implements SecurityIdentityAugmentor {

    private final String claim;

    public TenantsClaimAugmentor(SecurityConfig config) {
        this.claim = config.tenantsClaim();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || identity.getAttribute(TenantAccess.TENANTS_ATTRIBUTE) != null) {
            return Uni.createFrom().item(identity);
        }
        Set<String> slugs = slugs(token.getClaim(claim));
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(TenantAccess.TENANTS_ATTRIBUTE, Set.copyOf(slugs))
                .build());
    }

    static Set<String> slugs(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value == null) {
            return out;
        }
        if (value instanceof JsonArray array) {
            for (JsonValue v : array) {
                add(out, v instanceof JsonString s ? s.getString() : v.toString());
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object v : collection) {
                add(out, v instanceof JsonString s ? s.getString() : String.valueOf(v));
            }
        } else if (value instanceof JsonString s) {
            add(out, s.getString());
        } else {
            add(out, value.toString());
        }
        return out;
    }

    private static void add(Set<String> out, String raw) {
        for (String part : raw.split("[\\s,]+")) {
            String slug = part.trim().replace("\"", "");
            if (!slug.isEmpty()) {
                out.add(slug);
            }
        }
    }
}

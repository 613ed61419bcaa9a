package io.woosync.tenant;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.Set;

/**
 * What the current user may see. Every query for tenant data goes through
 * {@link TenantService#requireVisible(String)} or {@link #visibleSlugs()}; a tenant the user may
 * not see is indistinguishable from one that does not exist (404).
 */
@RequestScoped
@jakarta.inject.Named("access")
public class TenantAccess {

    /** Identity attribute holding the user's tenant slugs as a {@code Set<String>}. */
    public static final String TENANTS_ATTRIBUTE = "woosync.tenants";

    private final SecurityIdentity identity;

    public TenantAccess(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isOperator() {
        return identity.hasRole(Roles.OPERATOR);
    }

    public boolean hasAnyRole(String... roles) {
        for (String role : roles) {
            if (identity.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    /** Tenants listed in the user's token; operators see all tenants regardless. */
    @SuppressWarnings("unchecked")
    public Set<String> visibleSlugs() {
        Object attribute = identity.getAttribute(TENANTS_ATTRIBUTE);
        return attribute instanceof Set<?> set ? (Set<String>) set : Set.of();
    }

    public boolean canSee(String slug) {
        return isOperator() || visibleSlugs().contains(slug);
    }

    public boolean canAdminister(String slug) {
        return canSee(slug) && hasAnyRole(Roles.OPERATOR, Roles.TENANT_ADMIN);
    }

    public String userName() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}

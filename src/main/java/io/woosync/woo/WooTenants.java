package io.woosync.woo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Loads a tenant's WooCommerce connection for the service's own machinery (poll, webhook check). */
@ApplicationScoped
public class WooTenants {

    /** A tenant's id, slug and decrypted WooCommerce connection. */
    public record WooTenant(long id, String slug, TenantConnections.Woo woo) {
    }

    private final TenantService tenants;

    public WooTenants(TenantService tenants) {
        this.tenants = tenants;
    }

    public Optional<WooTenant> bySlug(String slug) {
        return QuarkusTransaction.joiningExisting().call(() -> tenants.findBySlug(slug).map(this::of));
    }

    public WooTenant of(Tenant t) {
        return new WooTenant(t.id, t.slug, tenants.woo(t));
    }
}

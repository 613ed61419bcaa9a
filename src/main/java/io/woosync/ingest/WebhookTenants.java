package io.woosync.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The tenants as the webhook endpoint needs them: id and HMAC key by slug, cached so that a
 * delivery costs no tenant query and no decryption. The key is rebuilt only when the stored
 * ciphertext changes (a new secret); entries are re-read after {@code woosync.ingest.tenant-cache-ttl}
 * and, at most once per {@code tenant-reload-interval}, when a signature fails.
 */
@ApplicationScoped
class WebhookTenants {

    /** The tenant slug format (V1__tenant.sql); anything else is not a tenant, without a query. */
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$");

    /** A tenant's webhook endpoint; {@code key} is null when no webhook secret is configured. */
    record Endpoint(long tenantId, String slug, String secretCiphertext, SecretKeySpec key, Instant loadedAt) {
    }

    private final TenantService tenants;
    private final Clock clock;
    private final IngestConfig config;
    private final ConcurrentHashMap<String, Endpoint> cache = new ConcurrentHashMap<>();

    WebhookTenants(TenantService tenants, Clock clock, IngestConfig config) {
        this.tenants = tenants;
        this.clock = clock;
        this.config = config;
    }

    Optional<Endpoint> find(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            return Optional.empty();
        }
        Endpoint cached = cache.get(slug);
        if (cached != null && cached.loadedAt().plus(config.tenantCacheTtl()).isAfter(clock.instant())) {
            return Optional.of(cached);
        }
        return load(slug, cached);
    }

    /** The tenant as cached, if the entry is still fresh; never touches the database (for the event loop). */
    Optional<Endpoint> cached(String slug) {
        Endpoint cached = slug == null ? null : cache.get(slug);
        if (cached != null && cached.loadedAt().plus(config.tenantCacheTtl()).isAfter(clock.instant())) {
            return Optional.of(cached);
        }
        return Optional.empty();
    }

    /** Re-reads the tenant after a failed signature, unless it was read very recently. */
    Optional<Endpoint> reloadAfterFailure(Endpoint endpoint) {
        if (endpoint.loadedAt().plus(config.tenantReloadInterval()).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return load(endpoint.slug(), endpoint);
    }

    private Optional<Endpoint> load(String slug, Endpoint previous) {
        Optional<Tenant> tenant = QuarkusTransaction.joiningExisting().call(() -> tenants.findBySlug(slug));
        if (tenant.isEmpty()) {
            cache.remove(slug);
            return Optional.empty();
        }
        Tenant t = tenant.get();
        SecretKeySpec key;
        if (t.wooWebhookSecretEnc == null) {
            key = null;
        } else if (previous != null && previous.key() != null && Objects.equals(previous.secretCiphertext(), t.wooWebhookSecretEnc)) {
            key = previous.key();
        } else {
            key = WebhookSignature.key(tenants.webhookSecret(t));
        }
        Endpoint endpoint = new Endpoint(t.id, t.slug, t.wooWebhookSecretEnc, key, clock.instant());
        cache.put(slug, endpoint);
        return Optional.of(endpoint);
    }
}

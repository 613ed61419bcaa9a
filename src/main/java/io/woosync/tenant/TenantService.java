package io.woosync.tenant;

import io.woosync.web.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tenant lifecycle and the only code that encrypts or decrypts tenant secrets.
 *
 * <p>Methods that take {@link TenantAccess} act for a user and are scoped by what that user may
 * see; a tenant outside that scope answers {@link NotFoundException}, exactly like a missing one.
 * Methods without it ({@link #findBySlug}, {@link #woo}, {@link #odoo}) are for the
 * service's own machinery (webhooks, queue workers), which is tenant-scoped by the slug it holds.
 */
@ApplicationScoped
public class TenantService {

    private static final Logger LOG = Logger.getLogger(TenantService.class);

    private final TenantRepository tenants;
    private final SecretCipher cipher;
    private final Clock clock;

    public TenantService(TenantRepository tenants, SecretCipher cipher, Clock clock) {
        this.tenants = tenants;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Transactional
    public List<TenantView> list(TenantAccess access) {
        List<Tenant> rows = access.isOperator() ? tenants.listAllBySlug() : tenants.listBySlugs(access.visibleSlugs());
        return rows.stream().map(this::view).toList();
    }

    @Transactional
    public TenantView get(TenantAccess access, String slug) {
        return view(requireVisible(access, slug));
    }

    @Transactional
    public TenantView create(TenantAccess access, TenantRequest request) {
        if (!access.isOperator()) {
            throw new jakarta.ws.rs.ForbiddenException();
        }
        if (tenants.findBySlug(request.slug()).isPresent()) {
            throw InvalidInputException.conflict("slug", "A tenant with slug " + request.slug() + " already exists.");
        }
        Tenant tenant = new Tenant();
        tenant.slug = request.slug();
        Instant now = clock.instant();
        tenant.createdAt = now;
        apply(tenant, request, now);
        tenants.persist(tenant);
        LOG.infof("tenant %s created by %s", tenant.slug, access.userName());
        return view(tenant);
    }

    @Transactional
    public TenantView update(TenantAccess access, String slug, TenantRequest request) {
        Tenant tenant = requireAdministrable(access, slug);
        if (request.slug() != null && !request.slug().equals(slug)) {
            throw InvalidInputException.field("slug", "cannot be changed (it is part of the webhook URL and the Odoo external ids)");
        }
        apply(tenant, request, clock.instant());
        LOG.infof("tenant %s updated by %s", tenant.slug, access.userName());
        return view(tenant);
    }

    @Transactional
    public TenantView setStatus(TenantAccess access, String slug, TenantStatus status) {
        Tenant tenant = requireAdministrable(access, slug);
        if (tenant.status != status) {
            tenant.status = status;
            tenant.updatedAt = clock.instant();
            LOG.infof("tenant %s %s by %s", tenant.slug, status == TenantStatus.paused ? "paused" : "resumed", access.userName());
        }
        return view(tenant);
    }

    /** The tenant if this user may see it; otherwise 404, the same as a tenant that does not exist. */
    public Tenant requireVisible(TenantAccess access, String slug) {
        if (slug == null || !access.canSee(slug)) {
            throw new NotFoundException();
        }
        return tenants.findBySlug(slug).orElseThrow(NotFoundException::new);
    }

    /** The tenant if this user may change it; 404 when not visible, 403 when visible but read-only. */
    public Tenant requireAdministrable(TenantAccess access, String slug) {
        Tenant tenant = requireVisible(access, slug);
        if (!access.canAdminister(slug)) {
            throw new jakarta.ws.rs.ForbiddenException();
        }
        return tenant;
    }

    /** For the service's own machinery: the tenant by slug, whatever its status. */
    public Optional<Tenant> findBySlug(String slug) {
        return tenants.findBySlug(slug);
    }

    public TenantConnections.Woo woo(Tenant tenant) {
        return new TenantConnections.Woo(tenant.slug, tenant.wooStoreUrl,
                decrypt(tenant, "woo_consumer_key", tenant.wooConsumerKeyEnc),
                decrypt(tenant, "woo_consumer_secret", tenant.wooConsumerSecretEnc),
                decrypt(tenant, "woo_webhook_secret", tenant.wooWebhookSecretEnc));
    }

    public TenantConnections.Odoo odoo(Tenant tenant) {
        return new TenantConnections.Odoo(tenant.slug, tenant.odooUrl, tenant.odooDatabase, tenant.odooLogin,
                decrypt(tenant, "odoo_api_key", tenant.odooApiKeyEnc));
    }

    /** The webhook secret alone, for signature checks on the hot path. */
    public String webhookSecret(Tenant tenant) {
        return decrypt(tenant, "woo_webhook_secret", tenant.wooWebhookSecretEnc);
    }

    /** Rewrites every secret stored under a retired key with the active key; returns how many tenants changed. */
    @Transactional
    public int reEncryptSecrets() {
        int changed = 0;
        for (Tenant t : tenants.listAll()) {
            boolean stale = cipher.needsReEncryption(t.wooConsumerKeyEnc) || cipher.needsReEncryption(t.wooConsumerSecretEnc)
                    || cipher.needsReEncryption(t.wooWebhookSecretEnc) || cipher.needsReEncryption(t.odooApiKeyEnc);
            if (stale) {
                TenantConnections.Woo woo = woo(t);
                TenantConnections.Odoo odoo = odoo(t);
                t.wooConsumerKeyEnc = encrypt(t, "woo_consumer_key", woo.consumerKey());
                t.wooConsumerSecretEnc = encrypt(t, "woo_consumer_secret", woo.consumerSecret());
                t.wooWebhookSecretEnc = encrypt(t, "woo_webhook_secret", woo.webhookSecret());
                t.odooApiKeyEnc = encrypt(t, "odoo_api_key", odoo.apiKey());
                changed++;
            }
        }
        return changed;
    }

    private void apply(Tenant tenant, TenantRequest r, Instant now) {
        tenant.name = r.name().trim();
        tenant.wooStoreUrl = blankToNull(r.wooStoreUrl());
        tenant.odooUrl = blankToNull(r.odooUrl());
        tenant.odooDatabase = blankToNull(r.odooDatabase());
        tenant.odooLogin = blankToNull(r.odooLogin());
        tenant.wooConsumerKeyEnc = keepOrEncrypt(tenant, "woo_consumer_key", tenant.wooConsumerKeyEnc, r.wooConsumerKey());
        tenant.wooConsumerSecretEnc = keepOrEncrypt(tenant, "woo_consumer_secret", tenant.wooConsumerSecretEnc, r.wooConsumerSecret());
        tenant.wooWebhookSecretEnc = keepOrEncrypt(tenant, "woo_webhook_secret", tenant.wooWebhookSecretEnc, r.wooWebhookSecret());
        tenant.odooApiKeyEnc = keepOrEncrypt(tenant, "odoo_api_key", tenant.odooApiKeyEnc, r.odooApiKey());
        tenant.updatedAt = now;
    }

    private String keepOrEncrypt(Tenant tenant, String column, String current, String submitted) {
        String value = blankToNull(submitted);
        return value == null ? current : encrypt(tenant, column, value);
    }

    private String encrypt(Tenant tenant, String column, String plaintext) {
        return cipher.encrypt(plaintext, context(tenant, column));
    }

    private String decrypt(Tenant tenant, String column, String stored) {
        return cipher.decrypt(stored, context(tenant, column));
    }

    /** Binds a ciphertext to its tenant and column (GCM associated data); slugs never change. */
    private static String context(Tenant tenant, String column) {
        return "tenant:" + tenant.slug + ":" + column;
    }

    TenantView view(Tenant t) {
        return new TenantView(t.slug, t.name, t.status, t.wooStoreUrl,
                hint(t, "woo_consumer_key", t.wooConsumerKeyEnc),
                hint(t, "woo_consumer_secret", t.wooConsumerSecretEnc),
                hint(t, "woo_webhook_secret", t.wooWebhookSecretEnc),
                t.odooUrl, t.odooDatabase, t.odooLogin,
                hint(t, "odoo_api_key", t.odooApiKeyEnc),
                t.createdAt, t.updatedAt);
    }

    /** "…abcd" for a set secret (only the last four characters, and none of a short one), null when unset. */
    private String hint(Tenant t, String column, String stored) {
        if (stored == null) {
            return null;
        }
        String plain = decrypt(t, column, stored);
        return plain.length() >= 12 ? "…" + plain.substring(plain.length() - 4) : "…(set)";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

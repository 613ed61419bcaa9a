package io.woosync.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * A tenant row. Secrets are held only as ciphertext; {@link TenantService} encrypts and decrypts
 * them, and nothing else reads the {@code *Enc} fields. Not an API model: see {@link TenantView}.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false, length = 40)
    public String slug;

    @Column(nullable = false, length = 200)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public TenantStatus status = TenantStatus.active;

    @Column(name = "woo_store_url", length = 500)
    public String wooStoreUrl;
    @Column(name = "woo_consumer_key_enc")
    public String wooConsumerKeyEnc;
    @Column(name = "woo_consumer_secret_enc")
    public String wooConsumerSecretEnc;
    @Column(name = "woo_webhook_secret_enc")
    public String wooWebhookSecretEnc;

    @Column(name = "odoo_url", length = 500)
    public String odooUrl;
    @Column(name = "odoo_database", length = 200)
    public String odooDatabase;
    @Column(name = "odoo_login", length = 200)
    public String odooLogin;
    @Column(name = "odoo_api_key_enc")
    public String odooApiKeyEnc;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    public boolean isActive() {
        return status == TenantStatus.active;
    }
}

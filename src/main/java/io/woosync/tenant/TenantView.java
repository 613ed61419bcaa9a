package io.woosync.tenant;

import java.time.Instant;

/**
 * A tenant as the API and pages show it. Secrets appear only as a hint: whether one is set and
 * its last four characters.
 */
public record TenantView(
        String slug,
        String name,
        TenantStatus status,
        String wooStoreUrl,
        String wooConsumerKeyHint,
        String wooConsumerSecretHint,
        String wooWebhookSecretHint,
        String odooUrl,
        String odooDatabase,
        String odooLogin,
        String odooApiKeyHint,
        Instant createdAt,
        Instant updatedAt) {
}

package io.woosync.tenant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an operator sends to create or update a tenant (JSON API and form alike). On update a
 * blank secret keeps the stored one, so a form never needs to show a secret to re-save it.
 */
public record TenantRequest(
        @NotBlank(message = "is required")
        @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$",
                message = "must be 3 to 40 lowercase letters, digits or dashes, starting and ending with a letter or digit")
        String slug,

        @NotBlank(message = "is required")
        @Size(max = 200, message = "must be at most 200 characters")
        String name,

        @Pattern(regexp = "^https?://[^\\s/$.?#][^\\s]*$", message = "must be an http(s) URL such as https://shop.example.com")
        @Size(max = 500, message = "must be at most 500 characters")
        String wooStoreUrl,

        @Size(max = 500, message = "must be at most 500 characters")
        @Pattern(regexp = "^(ck_[A-Za-z0-9]+)?$", message = "must be a WooCommerce consumer key (ck_...)")
        String wooConsumerKey,

        @Size(max = 500, message = "must be at most 500 characters")
        @Pattern(regexp = "^(cs_[A-Za-z0-9]+)?$", message = "must be a WooCommerce consumer secret (cs_...)")
        String wooConsumerSecret,

        @Size(max = 500, message = "must be at most 500 characters")
        String wooWebhookSecret,

        @Pattern(regexp = "^https?://[^\\s/$.?#][^\\s]*$", message = "must be an http(s) URL such as https://erp.example.com")
        @Size(max = 500, message = "must be at most 500 characters")
        String odooUrl,

        @Size(max = 200, message = "must be at most 200 characters")
        String odooDatabase,

        @Size(max = 200, message = "must be at most 200 characters")
        String odooLogin,

        @Size(max = 500, message = "must be at most 500 characters")
        String odooApiKey) {

    @Override
    public String toString() {
        // Never print secrets, whatever logs this.
        return "TenantRequest[slug=" + slug + ", name=" + name + ", wooStoreUrl=" + wooStoreUrl
                + ", odooUrl=" + odooUrl + ", odooDatabase=" + odooDatabase + ", odooLogin=" + odooLogin + "]";
    }
}

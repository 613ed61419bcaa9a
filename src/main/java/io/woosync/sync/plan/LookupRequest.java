package io.woosync.sync.plan;

import java.util.Set;

/**
 * What the executor must look up in Odoo before planning an order: product default_codes (line SKUs
 * plus configured service products), the billing email and company, the Woo customer id to resolve
 * through our bindings, and country/state codes.
 */
public record LookupRequest(Set<String> productCodes, String email, String companyName, long wooCustomerId,
                            Set<String> countryCodes, Set<String> stateCodes) {
}

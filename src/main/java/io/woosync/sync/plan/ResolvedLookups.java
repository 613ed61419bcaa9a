package io.woosync.sync.plan;

import java.util.List;
import java.util.Map;

/**
 * What the executor found in Odoo (and in our bindings) for one order, before planning. The planner
 * says what it needs through {@link LookupRequest}; the executor answers with this.
 *
 * @param productsByCode         every requested {@code default_code} (line SKUs and the configured
 *                               shipping/fee/refund/rounding/discount product codes) → the
 *                               product.product records that have it: 0, 1 or 2+ matches. A code
 *                               absent from the map counts as not found.
 * @param boundCustomerPartnerId our binding of the Woo customer id, if any
 * @param partnersByEmail        Odoo partners whose email matches the billing email case-insensitively
 *                               (with {@code _}/{@code %} escaped in the {@code =ilike})
 * @param companiesByName        company partners whose name equals the billing company
 * @param childAddresses         existing invoice/delivery children of the matched commercial partner
 * @param countryIds             ISO country code → res.country id (for the codes on the order)
 * @param stateIds               "US-CA" → res.country.state id
 */
public record ResolvedLookups(
        Map<String, List<ProductMatch>> productsByCode,
        Long boundCustomerPartnerId,
        List<PartnerRecord> partnersByEmail,
        List<PartnerRecord> companiesByName,
        List<PartnerRecord> childAddresses,
        Map<String, Long> countryIds,
        Map<String, Long> stateIds) {

    public ResolvedLookups {
        productsByCode = Map.copyOf(productsByCode);
        partnersByEmail = List.copyOf(partnersByEmail);
        companiesByName = List.copyOf(companiesByName);
        childAddresses = List.copyOf(childAddresses);
        countryIds = Map.copyOf(countryIds);
        stateIds = Map.copyOf(stateIds);
    }

    public static ResolvedLookups empty() {
        return new ResolvedLookups(Map.of(), null, List.of(), List.of(), List.of(), Map.of(), Map.of());
    }

    public List<ProductMatch> products(String code) {
        return productsByCode.getOrDefault(code, List.of());
    }

    /**
     * A product.product found by default_code.
     *
     * @param invoicedOnDelivery its invoicing policy is "Delivered quantities": an invoice made from the
     *                           order before the delivery leaves it out
     */
    public record ProductMatch(long id, String defaultCode, boolean invoicedOnDelivery) {
        public ProductMatch(long id, String defaultCode) {
            this(id, defaultCode, false);
        }
    }

    /** Product id → default_code of every found product invoiced on delivered quantities. */
    public Map<Long, String> invoicedOnDelivery() {
        Map<Long, String> m = new java.util.LinkedHashMap<>();
        productsByCode.values().forEach(ms -> ms.stream().filter(ProductMatch::invoicedOnDelivery).forEach(x -> m.put(x.id(), x.defaultCode())));
        return m;
    }

    /**
     * An Odoo res.partner as found. {@code values} holds its current fields (name, email, phone, street,
     * street2, city, zip, country_id, state_id) so approved-field updates only write what differs.
     */
    public record PartnerRecord(long id, String name, Long parentId, String type, boolean isCompany, Map<String, Object> values) {
        public PartnerRecord {
            values = values == null ? Map.of() : Map.copyOf(values);
        }
    }
}

package io.woosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.odoo.OdooGateway;
import io.woosync.sync.plan.ResolvedLookups.PartnerRecord;
import io.woosync.sync.plan.ResolvedLookups.ProductMatch;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Odoo reads the planner's {@link io.woosync.sync.plan.LookupRequest} asks for, with per-tenant
 * caches where an answer cannot go wrong silently: a single SKU match (for
 * {@link SyncConfig#productCacheTtl()}; never a miss or a duplicate, so a fixed catalogue is seen on the
 * next retry) and country/state ids (they do not change).
 */
@ApplicationScoped
public class OdooLookups {

    static final List<String> PARTNER_FIELDS = List.of("name", "email", "phone", "street", "street2", "city", "zip",
            "country_id", "state_id", "parent_id", "type", "is_company");

    private record CachedProduct(ProductMatch match, Instant until) {
    }

    private final OdooGateway gateway;
    private final SyncConfig config;
    private final Clock clock;
    private final Map<String, CachedProduct> products = new ConcurrentHashMap<>();
    private final Map<String, Long> places = new ConcurrentHashMap<>();

    public OdooLookups(OdooGateway gateway, SyncConfig config, Clock clock) {
        this.gateway = gateway;
        this.config = config;
        this.clock = clock;
    }

    /** Every code → its product.product matches (0, 1 or more); one search for all codes not cached. */
    public Map<String, List<ProductMatch>> products(TenantConnections.Odoo odoo, Collection<String> codes) {
        Map<String, List<ProductMatch>> out = new LinkedHashMap<>();
        List<String> ask = new ArrayList<>();
        Instant now = clock.instant();
        for (String code : codes) {
            CachedProduct c = products.get(odoo.tenantSlug() + "\u0000" + code);
            if (c != null && c.until().isAfter(now)) {
                out.put(code, List.of(c.match()));
            } else {
                ask.add(code);
            }
        }
        if (!ask.isEmpty()) {
            Map<String, List<ProductMatch>> found = new HashMap<>();
            for (ObjectNode r : gateway.searchRead(odoo, "product.product", List.of(List.of("default_code", "in", ask)),
                    List.of("default_code", "invoice_policy"), null)) {
                String code = r.path("default_code").asText();
                found.computeIfAbsent(code, k -> new ArrayList<>()).add(new ProductMatch(r.path("id").asLong(), code,
                        "delivery".equals(r.path("invoice_policy").asText())));
            }
            for (String code : ask) {
                List<ProductMatch> matches = found.getOrDefault(code, List.of());
                out.put(code, matches);
                // A product that blocks the order (invoiced on delivery) is not cached either: fixed in Odoo, the retry sees it.
                if (matches.size() == 1 && !matches.get(0).invoicedOnDelivery()) {
                    products.put(odoo.tenantSlug() + "\u0000" + code, new CachedProduct(matches.get(0), now.plus(config.productCacheTtl())));
                }
            }
        }
        return out;
    }

    /** ISO country code → res.country id. */
    public Map<String, Long> countries(TenantConnections.Odoo odoo, Collection<String> codes) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<String> ask = new ArrayList<>();
        for (String code : codes) {
            Long id = places.get(odoo.tenantSlug() + "\u0000C" + code);
            if (id != null) {
                out.put(code, id);
            } else {
                ask.add(code);
            }
        }
        if (!ask.isEmpty()) {
            for (ObjectNode r : gateway.searchRead(odoo, "res.country", List.of(List.of("code", "in", ask)), List.of("code"), null)) {
                out.put(r.path("code").asText(), r.path("id").asLong());
                places.put(odoo.tenantSlug() + "\u0000C" + r.path("code").asText(), r.path("id").asLong());
            }
        }
        return out;
    }

    /** "US-CA" → res.country.state id, given the countries already resolved. */
    public Map<String, Long> states(TenantConnections.Odoo odoo, Collection<String> countryStateCodes, Map<String, Long> countryIds) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<String> ask = new ArrayList<>();
        for (String code : countryStateCodes) {
            Long id = places.get(odoo.tenantSlug() + "\u0000S" + code);
            if (id != null) {
                out.put(code, id);
            } else if (countryIds.containsKey(code.substring(0, code.indexOf('-')))) {
                ask.add(code);
            }
        }
        if (!ask.isEmpty()) {
            Map<Long, String> countryOfId = new HashMap<>();
            countryIds.forEach((c, id) -> countryOfId.put(id, c));
            List<Long> countries = ask.stream().map(c -> countryIds.get(c.substring(0, c.indexOf('-')))).distinct().toList();
            List<String> stateCodes = ask.stream().map(c -> c.substring(c.indexOf('-') + 1)).distinct().toList();
            for (ObjectNode r : gateway.searchRead(odoo, "res.country.state",
                    List.of(List.of("country_id", "in", countries), List.of("code", "in", stateCodes)), List.of("code", "country_id"), null)) {
                String country = countryOfId.get(OdooGateway.many2one(r.path("country_id")));
                if (country != null) {
                    String key = country + "-" + r.path("code").asText();
                    out.put(key, r.path("id").asLong());
                    places.put(odoo.tenantSlug() + "\u0000S" + key, r.path("id").asLong());
                }
            }
        }
        return out;
    }

    /** Partners whose email equals {@code email} case-insensitively ({@code _} and {@code %} escaped for =ilike). */
    public List<PartnerRecord> partnersByEmail(TenantConnections.Odoo odoo, String email) {
        if (email == null || email.isBlank()) {
            return List.of();
        }
        String pattern = email.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
        return partners(odoo, List.of(List.of("email", "=ilike", pattern)));
    }

    public List<PartnerRecord> companiesByName(TenantConnections.Odoo odoo, String company) {
        if (company == null || company.isBlank()) {
            return List.of();
        }
        return partners(odoo, List.of(List.of("name", "=", company), List.of("is_company", "=", true)));
    }

    public List<PartnerRecord> childAddresses(TenantConnections.Odoo odoo, long commercialPartnerId) {
        return partners(odoo, List.of(List.of("parent_id", "=", commercialPartnerId), List.of("type", "in", List.of("invoice", "delivery"))));
    }

    private List<PartnerRecord> partners(TenantConnections.Odoo odoo, List<?> domain) {
        List<PartnerRecord> out = new ArrayList<>();
        for (ObjectNode r : gateway.searchRead(odoo, "res.partner", domain, PARTNER_FIELDS, 50)) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String f : List.of("name", "email", "phone", "street", "street2", "city", "zip")) {
                JsonNode v = r.path(f);
                if (v.isTextual()) {
                    values.put(f, v.asText());
                }
            }
            Long country = OdooGateway.many2one(r.path("country_id"));
            if (country != null) {
                values.put("country_id", country);
            }
            Long state = OdooGateway.many2one(r.path("state_id"));
            if (state != null) {
                values.put("state_id", state);
            }
            out.add(new PartnerRecord(r.path("id").asLong(), r.path("name").asText(""), OdooGateway.many2one(r.path("parent_id")),
                    r.path("type").isTextual() ? r.path("type").asText() : "contact", r.path("is_company").asBoolean(false), values));
        }
        return out;
    }

    /** Forget the tenant's cached answers (tests; after the tenant's Odoo changed). */
    public void forget(String tenantSlug) {
        products.keySet().removeIf(k -> k.startsWith(tenantSlug + "\u0000"));
        places.keySet().removeIf(k -> k.startsWith(tenantSlug + "\u0000"));
    }
}

package io.woosync.sync;

import io.woosync.odoo.OdooGateway;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.order.WooRefund;
import io.woosync.sync.plan.LookupRequest;
import io.woosync.sync.plan.OrderBindings;
import io.woosync.sync.plan.OrderPlanner;
import io.woosync.sync.plan.Plan;
import io.woosync.sync.plan.PlanStep;
import io.woosync.sync.plan.ResolvedLookups;
import io.woosync.sync.plan.ResolvedLookups.PartnerRecord;
import io.woosync.sync.settings.SyncSettings;
import io.woosync.tenant.TenantConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers what the pure planner needs for one order and plans it. Asks Odoo only for what our own
 * database cannot answer: a customer whose partner we already bound costs no partner search.
 *
 * <p>Partner steps are keyed per customer, not per order (customer_&lt;id&gt;, guest_&lt;email&gt;…), so a
 * first plan names the partner keys, their bindings are loaded, and the order is planned again; only
 * partners still unbound are looked up in Odoo (email, company, then child addresses of the matched
 * commercial partner).
 */
@ApplicationScoped
public class OrderPlanning {

    /** A plan with everything it was made from. */
    public record Planned(Plan plan, SyncSettings settings, ResolvedLookups lookups, Map<String, SyncStore.Binding> bindings,
                          SyncStore.OrderState state) {
        /** Every step key the plan's records refer to (its partner keys included). */
        public Set<String> keys() {
            Set<String> k = new LinkedHashSet<>(bindings.keySet());
            plan.steps().forEach(s -> k.add(s.key()));
            return k;
        }
    }

    private final OdooGateway gateway;
    private final OdooLookups lookups;
    private final SyncStore store;

    public OrderPlanning(OdooGateway gateway, OdooLookups lookups, SyncStore store) {
        this.gateway = gateway;
        this.lookups = lookups;
        this.store = store;
    }

    /** The tenant's settings, with the Odoo version read from the tenant's Odoo (cached by the gateway). */
    public SyncSettings settings(long tenantId, TenantConnections.Odoo odoo) {
        SyncSettings s = store.settings(tenantId);
        int major = gateway.version(odoo).major();
        return major == s.odoo().majorVersion() ? s : s.toBuilder().odoo(s.odoo().withVersion(major)).build();
    }

    public Planned plan(long tenantId, TenantConnections.Odoo odoo, WooOrder order, List<WooRefund> refunds) {
        SyncSettings settings = settings(tenantId, odoo);
        LookupRequest req = OrderPlanner.lookupRequest(order, settings);

        Map<String, SyncStore.Binding> rows = new LinkedHashMap<>();
        store.orderBindings(tenantId, order.id()).forEach(b -> rows.put(b.stepKey(), b));
        SyncStore.OrderState state = store.orderState(tenantId, order.id());
        // Partner keys an earlier plan of this order used: their bindings are needed to resume.
        rows.putAll(store.bindings(tenantId, state.stepKeys().stream().filter(k -> !rows.containsKey(k)).toList()));

        var products = lookups.products(odoo, req.productCodes());
        Map<String, Long> countries = lookups.countries(odoo, req.countryCodes());
        Map<String, Long> states = lookups.states(odoo, req.stateCodes(), countries);
        Long bound = null;
        if (req.wooCustomerId() != 0) {
            bound = store.binding(tenantId, "customer_" + req.wooCustomerId()).filter(SyncStore.Binding::done)
                    .map(SyncStore.Binding::odooId).orElse(null);
        }
        ResolvedLookups resolved = new ResolvedLookups(products, bound, List.of(), List.of(), List.of(), countries, states);
        Plan plan = planWith(order, refunds, resolved, settings, rows, state);

        // Partner keys of this plan: load their bindings, and look up in Odoo only what stays unbound.
        Set<String> partnerKeys = partnerKeys(plan);
        partnerKeys.removeAll(rows.keySet());
        if (!partnerKeys.isEmpty()) {
            rows.putAll(store.bindings(tenantId, partnerKeys));
            plan = planWith(order, refunds, resolved, settings, rows, state);
        }
        boolean personOpen = plan.steps(PlanStep.EnsurePartner.class).stream()
                .anyMatch(p -> p.kind() == PlanStep.PartnerKind.PERSON && p.existingId() == null);
        boolean companyOpen = plan.steps(PlanStep.EnsurePartner.class).stream()
                .anyMatch(p -> p.kind() == PlanStep.PartnerKind.COMPANY && p.existingId() == null);
        if (personOpen || companyOpen) {
            List<PartnerRecord> byEmail = personOpen && bound == null ? lookups.partnersByEmail(odoo, req.email()) : List.of();
            List<PartnerRecord> companies = companyOpen ? lookups.companiesByName(odoo, req.companyName()) : List.of();
            if (!byEmail.isEmpty() || !companies.isEmpty()) {
                resolved = new ResolvedLookups(products, bound, byEmail, companies, List.of(), countries, states);
                plan = planWith(order, refunds, resolved, settings, rows, state);
            }
        }
        // Child addresses of an existing commercial partner: reuse instead of adding one per order.
        boolean addressOpen = plan.steps(PlanStep.EnsurePartner.class).stream()
                .anyMatch(p -> (p.kind() == PlanStep.PartnerKind.INVOICE_ADDRESS || p.kind() == PlanStep.PartnerKind.DELIVERY_ADDRESS)
                        && p.existingId() == null);
        if (addressOpen) {
            Long commercial = commercialPartner(plan, rows);
            if (commercial != null) {
                List<PartnerRecord> children = lookups.childAddresses(odoo, commercial);
                if (!children.isEmpty()) {
                    resolved = new ResolvedLookups(products, bound, resolved.partnersByEmail(), resolved.companiesByName(), children,
                            countries, states);
                    plan = planWith(order, refunds, resolved, settings, rows, state);
                }
            }
        }
        return new Planned(plan, settings, resolved, rows, state);
    }

    private static Plan planWith(WooOrder order, List<WooRefund> refunds, ResolvedLookups lookups, SyncSettings settings,
                                 Map<String, SyncStore.Binding> rows, SyncStore.OrderState state) {
        OrderBindings b = SyncStore.toPlannerBindings(rows.values(), state.orderLines());
        return OrderPlanner.plan(new OrderPlanner.PlanInput(order, refunds, lookups, settings, b));
    }

    private static Set<String> partnerKeys(Plan plan) {
        Set<String> keys = new LinkedHashSet<>();
        for (PlanStep s : plan.steps()) {
            if (s instanceof PlanStep.EnsurePartner p) {
                keys.add(p.key());
                if (p.parentKey() != null) {
                    keys.add(p.parentKey());
                }
            } else if (s instanceof PlanStep.CreateSaleOrder o) {
                addAll(keys, java.util.Arrays.asList(o.partnerKey(), o.invoicePartnerKey(), o.shippingPartnerKey()));
            } else if (s instanceof PlanStep.CreateDirectInvoice i) {
                addAll(keys, java.util.Arrays.asList(i.partnerKey(), i.shippingPartnerKey()));
            }
        }
        return keys;
    }

    private static void addAll(Set<String> keys, Collection<String> more) {
        more.stream().filter(k -> k != null).forEach(keys::add);
    }

    /** The company (B2B) or person partner the addresses hang under, when it already exists. */
    private static Long commercialPartner(Plan plan, Map<String, SyncStore.Binding> rows) {
        List<PlanStep.EnsurePartner> ps = new ArrayList<>(plan.steps(PlanStep.EnsurePartner.class));
        for (PlanStep.EnsurePartner p : ps) {
            if (p.kind() == PlanStep.PartnerKind.INVOICE_ADDRESS || p.kind() == PlanStep.PartnerKind.DELIVERY_ADDRESS) {
                String parent = p.parentKey();
                if (parent == null) {
                    continue;
                }
                SyncStore.Binding b = rows.get(parent);
                if (b != null && b.odooId() != null) {
                    return b.odooId();
                }
                for (PlanStep.EnsurePartner q : ps) {
                    if (q.key().startsWith(parent) && q.existingId() != null) {
                        return q.existingId();
                    }
                }
            }
        }
        return null;
    }
}

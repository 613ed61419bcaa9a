package io.woosync.sync.plan;

import static io.woosync.sync.plan.PlannerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woosync.sync.plan.PlanStep.CreateSaleOrder;
import io.woosync.sync.plan.PlanStep.EnsurePartner;
import io.woosync.sync.plan.PlanStep.PartnerKind;
import io.woosync.sync.plan.ResolvedLookups.PartnerRecord;
import io.woosync.sync.settings.SyncSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order-related rows of the seed's "Customer Tests" table. */
class CustomerScenariosTest {

    static ObjectNode personal(ObjectNode o) {
        ((ObjectNode) o.get("billing")).put("company", "");
        ((ObjectNode) o.get("shipping")).put("company", "");
        return o;
    }

    // Registered customer order: matched (binding or email) or created in Odoo.
    @Test
    void registeredCustomerIsCreatedOnceUnderAStableKey() {
        Plan p = plan(order(personal(paidOrder())));
        EnsurePartner person = p.step(EnsurePartner.class).orElseThrow();
        assertEquals("customer_2", person.key());
        assertNull(person.existingId());
        assertEquals("Jane Doe", person.createValues().get("name"));
        assertEquals("jane.doe@example.test", person.createValues().get("email"));
        assertEquals("500 Market St", person.createValues().get("street"));
        assertEquals(233L, person.createValues().get("country_id"));
        assertEquals(13L, person.createValues().get("state_id"));
        assertEquals("customer_2", p.step(CreateSaleOrder.class).orElseThrow().partnerKey());
    }

    @Test
    void registeredCustomerBoundEarlierIsReused() {
        var l = withPartners(lookups(), 77L, List.of(), List.of());
        Plan p = plan(order(personal(paidOrder())), List.of(), l, settings(), OrderBindings.none());
        EnsurePartner person = p.step(EnsurePartner.class).orElseThrow();
        assertEquals(77L, person.existingId());
        assertTrue(person.updateValues().isEmpty());
    }

    // Guest customer order: billing details create or match a contact — never a new partner per order.
    @Test
    void guestIsCreatedOnceByEmail() {
        Plan a = plan(order(paid(guestPendingOrder(), "cod", "Cash on delivery", "")));
        EnsurePartner guest = a.step(EnsurePartner.class).orElseThrow();
        assertEquals("guest_bob.guest@example.test", guest.key());
        ObjectNode second = paid(guestPendingOrder(), "cod", "Cash on delivery", "");
        second.put("id", 99).put("number", "99");
        ((ObjectNode) second.get("billing")).put("email", "Bob.Guest@Example.TEST");
        Plan b = plan(order(second));
        assertEquals(guest.key(), b.step(EnsurePartner.class).orElseThrow().key(), "same guest, same partner key");
    }

    // Existing Odoo customer: the order links to the existing partner.
    @Test
    void existingOdooCustomerIsLinkedByEmail() {
        var found = new PartnerRecord(41, "Bob Guest", null, "contact", false, Map.of("email", "bob.guest@example.test"));
        var l = withPartners(lookups(), null, List.of(found), List.of());
        Plan p = plan(order(paid(guestPendingOrder(), "cod", "Cash on delivery", "")), List.of(), l, settings(), OrderBindings.none());
        EnsurePartner e = p.step(EnsurePartner.class).orElseThrow();
        assertEquals(41L, e.existingId());
        assertEquals(1, p.steps(EnsurePartner.class).size(), "nothing created");
    }

    // B2B company order: company partner with the person as its contact.
    @Test
    void b2bCompanyWithContact() {
        Plan p = plan(order(paidOrder()));
        List<EnsurePartner> partners = p.steps(EnsurePartner.class);
        assertEquals(PartnerKind.COMPANY, partners.get(0).kind());
        assertEquals("company_acme-inc", partners.get(0).key());
        assertEquals(true, partners.get(0).createValues().get("is_company"));
        assertEquals("Acme Inc", partners.get(0).createValues().get("name"));
        assertEquals(PartnerKind.PERSON, partners.get(1).kind());
        assertEquals("company_acme-inc", partners.get(1).parentKey());
        assertEquals("contact", partners.get(1).createValues().get("type"));
        // An existing company is reused.
        var acme = new PartnerRecord(16, "Acme Inc", null, "contact", true, Map.of());
        Plan reuse = plan(order(paidOrder()), List.of(), withPartners(lookups(), null, List.of(), List.of(acme)), settings(),
                OrderBindings.none());
        assertEquals(16L, reuse.steps(EnsurePartner.class).get(0).existingId());
    }

    // Different billing and shipping address: invoice and delivery child addresses.
    @Test
    void differentBillingAndShippingBecomeChildAddresses() {
        ObjectNode j = paidOrder();
        ((ObjectNode) j.get("shipping")).put("address_1", "1 Ferry Building").put("address_2", "").put("postcode", "94111");
        Plan p = plan(order(j));
        List<EnsurePartner> partners = p.steps(EnsurePartner.class);
        EnsurePartner invoice = partners.stream().filter(x -> x.kind() == PartnerKind.INVOICE_ADDRESS).findFirst().orElseThrow();
        EnsurePartner delivery = partners.stream().filter(x -> x.kind() == PartnerKind.DELIVERY_ADDRESS).findFirst().orElseThrow();
        assertEquals("company_acme-inc", invoice.parentKey());
        assertEquals("invoice", invoice.createValues().get("type"));
        assertEquals("500 Market St", invoice.createValues().get("street"));
        assertEquals("delivery", delivery.createValues().get("type"));
        assertEquals("1 Ferry Building", delivery.createValues().get("street"));
        CreateSaleOrder so = p.step(CreateSaleOrder.class).orElseThrow();
        assertEquals("customer_2", so.partnerKey());
        assertEquals(invoice.key(), so.invoicePartnerKey());
        assertEquals(delivery.key(), so.shippingPartnerKey());
        // Same addresses next time: same keys (no new child per order).
        assertEquals(delivery.key(), plan(order(j)).steps(EnsurePartner.class).stream()
                .filter(x -> x.kind() == PartnerKind.DELIVERY_ADDRESS).findFirst().orElseThrow().key());
    }

    // Updated customer details: only approved fields are updated.
    @Test
    void onlyApprovedFieldsAreUpdated() {
        var existing = new PartnerRecord(41, "Jane Doe", null, "contact", false,
                Map.of("email", "jane.doe@example.test", "phone", "+1 000", "street", "Old street 1"));
        var l = withPartners(lookups(), 41L, List.of(existing), List.of());
        SyncSettings approvePhone = settings().toBuilder()
                .customers(new SyncSettings.CustomerSettings(Set.of("phone"), true, true)).build();
        Plan p = plan(order(personal(paidOrder())), List.of(), l, approvePhone, OrderBindings.none());
        EnsurePartner e = p.step(EnsurePartner.class).orElseThrow();
        assertEquals(41L, e.existingId());
        assertEquals(Map.of("phone", "+1 415 555 0100"), e.updateValues(), "street differs too but is not approved");
        assertTrue(e.key().startsWith("customer_2_update_"));
        Plan none = plan(order(personal(paidOrder())), List.of(), l, settings(), OrderBindings.none());
        assertTrue(none.step(EnsurePartner.class).orElseThrow().updateValues().isEmpty(), "nothing approved, nothing written");
    }

    @Test
    void customerWithoutNameOrEmailIsADataProblem() {
        ObjectNode j = personal(paidOrder());
        ((ObjectNode) j.get("billing")).put("first_name", "").put("last_name", "").put("email", "");
        Plan p = plan(order(j));
        assertEquals(Plan.Outcome.BLOCKED, p.outcome());
        assertTrue(p.problems().get(0).message().contains("Odoo needs a name"));
    }
}

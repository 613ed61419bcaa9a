package io.woosync.odoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woosync.tenant.Tenant;
import io.woosync.tenant.TenantAccess;
import io.woosync.tenant.TenantConnections;
import io.woosync.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Short transactions around a connection test: resolve the tenant (scoped to the user), then store
 * the result. The test itself runs outside any transaction: it can take seconds of Odoo calls.
 */
@ApplicationScoped
public class OdooStatusStore {

    /** The tenant's id and decrypted Odoo connection. */
    public record Target(long tenantId, TenantConnections.Odoo odoo) {
    }

    private final TenantService tenants;
    private final EntityManager em;
    private final ObjectMapper json;

    public OdooStatusStore(TenantService tenants, EntityManager em, ObjectMapper json) {
        this.tenants = tenants;
        this.em = em;
        this.json = json;
    }

    /** The tenant if this user may administer it (404 when not visible, 403 when read-only). */
    @Transactional
    public Target administrable(TenantAccess access, String slug) {
        Tenant t = tenants.requireAdministrable(access, slug);
        return new Target(t.id, tenants.odoo(t));
    }

    /** The tenant's latest report, or {@link ConnectionReport#untested()}; 404 when the user may not see the tenant. */
    @Transactional
    public ConnectionReport latest(TenantAccess access, String slug) {
        Tenant t = tenants.requireVisible(access, slug);
        return latest(t.id);
    }

    /** For the service's own machinery (dashboards, the sync engine): the latest report of a tenant by id. */
    @Transactional
    public ConnectionReport latest(long tenantId) {
        OdooApiStatus s = em.find(OdooApiStatus.class, tenantId);
        if (s == null) {
            return ConnectionReport.untested();
        }
        try {
            return json.readValue(s.report, ConnectionReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored Odoo API status of tenant " + tenantId + " is not readable", e);
        }
    }

    @Transactional
    public void save(long tenantId, ConnectionReport report) {
        OdooApiStatus s = em.find(OdooApiStatus.class, tenantId);
        boolean fresh = s == null;
        if (fresh) {
            s = new OdooApiStatus();
            s.tenantId = tenantId;
        }
        s.checkedAt = report.checkedAt();
        s.overall = report.overall().name();
        s.odooVersion = report.version();
        try {
            s.report = json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an Odoo connection report", e);
        }
        if (fresh) {
            em.persist(s);
        }
    }
}

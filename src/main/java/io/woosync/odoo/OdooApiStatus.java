package io.woosync.odoo;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The latest connection test of one tenant (table {@code odoo_api_status}). Not an API model: see {@link ConnectionReport}. */
@Entity
@Table(name = "odoo_api_status")
public class OdooApiStatus {

    @Id
    @Column(name = "tenant_id")
    public Long tenantId;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Column(nullable = false, length = 8)
    public String overall;

    @Column(name = "odoo_version", length = 40)
    public String odooVersion;

    /** The {@link ConnectionReport} as JSON. */
    @Column(nullable = false, columnDefinition = "text")
    public String report;
}

-- The latest Odoo connection test per tenant: the tenant's "API status".
-- report holds the whole ConnectionReport as JSON (checks with their sentences); overall and
-- checked_at are columns so lists can show and sort by them without parsing it.
create table odoo_api_status (
    tenant_id    bigint       primary key references tenant (id) on delete cascade,
    checked_at   timestamptz  not null,
    overall      varchar(8)   not null,
    odoo_version varchar(40),
    report       text         not null,
    constraint odoo_api_status_overall_known check (overall in ('pass', 'warn', 'fail'))
);

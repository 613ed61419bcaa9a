-- Who changed a tenant's order-sync settings, and when (the settings API and pages, issue 6).
-- The row keeps the last change; sync_settings_change keeps every change with the value saved.
alter table sync_settings add column updated_by varchar(200);
-- Raised by every save: an editor who read version N may only replace version N (no lost updates).
alter table sync_settings add column version bigint not null default 1;

create table sync_settings_change (
    id             bigint generated always as identity primary key,
    tenant_id      bigint        not null references tenant (id),
    changed_at     timestamptz   not null,
    -- the user name from the login (or bearer token)
    changed_by     varchar(200)  not null,
    -- where the change came from: the JSON API or the settings page
    via            varchar(8)    not null,
    -- the settings paths that differ from the value before ("documents", "paymentJournals.stripe"…)
    changed_fields jsonb         not null,
    -- the settings as saved (SyncSettings as JSON)
    settings       jsonb         not null,
    constraint sync_settings_change_via_known check (via in ('api', 'page'))
);
create index sync_settings_change_tenant on sync_settings_change (tenant_id, changed_at desc, id desc);

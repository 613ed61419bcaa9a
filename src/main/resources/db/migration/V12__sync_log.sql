-- One row per sync attempt (and any extra rows a handler writes), with the fields of the seed's
-- "Logging and Error Tracking" table. Payloads are redacted of secrets and capped in size by
-- io.woosync.queue.SyncLog before they get here.
create table sync_log (
    id               bigint generated always as identity primary key,
    tenant_id        bigint       not null references tenant (id),
    job_id           bigint,
    -- product, customer, order, coupon, invoice, payment, stock, refund ...
    sync_type        varchar(32)  not null,
    woo_record_id    varchar(64),
    odoo_record_id   varchar(64),
    status           varchar(16)  not null,
    error_message    text,
    request_payload  text,
    response_payload text,
    logged_at        timestamptz  not null,
    retry_count      integer      not null,
    trigger          varchar(16)  not null,
    -- the user behind a manual trigger, else "system"
    triggered_by     varchar(200) not null,
    constraint sync_log_status_known check (status in ('success', 'failed', 'skipped', 'retrying')),
    constraint sync_log_trigger_known check (trigger in ('webhook', 'poll', 'manual', 'retry'))
);
create index sync_log_tenant on sync_log (tenant_id, logged_at desc);
create index sync_log_job on sync_log (job_id);
create index sync_log_logged on sync_log (logged_at);

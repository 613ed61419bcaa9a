-- The durable job queue (io.woosync.queue). All SQL that touches this table lives in
-- io.woosync.queue.JobStore; docs/queue.md explains the states and who moves a job out of each.
--
-- One row is the work for one (tenant, resource_type, resource_id). At most one row per key is
-- "active" (available, running or retrying): new events fold into it, and an event that arrives
-- while it runs sets follow_up_trigger, which turns its completion into one more run.
create table queue_job (
    id                bigint generated always as identity primary key,
    tenant_id         bigint       not null references tenant (id),
    resource_type     varchar(16)  not null,
    resource_id       varchar(64)  not null,
    state             varchar(16)  not null,
    -- what caused the current run: webhook | poll | manual; attempts after the first log as retry
    trigger           varchar(16)  not null,
    -- attempts counted against max_attempts (a release at shutdown does not count)
    attempt           integer      not null default 0,
    max_attempts      integer      not null,
    -- incremented by every claim: the fence that makes a late worker's update match nothing
    claims            integer      not null default 0,
    -- set when an event arrives while the job runs: exactly one more run, with this trigger
    follow_up_trigger varchar(16),
    -- how many events were folded into this row
    events            integer      not null default 1,
    -- the user who asked for the current run (manual retry), null for the service itself
    requested_by      varchar(200),
    last_delivery_id  bigint,
    scheduled_at      timestamptz  not null,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    attempted_at      timestamptz,
    attempted_by      varchar(200),
    lease_expires_at  timestamptz,
    finalized_at      timestamptz,
    -- connection | data | configuration | unexpected | lease_expired | released
    error_class       varchar(16),
    last_error        text,
    constraint queue_job_state_known check (state in
        ('available', 'running', 'retrying', 'blocked', 'failed', 'completed', 'cancelled')),
    constraint queue_job_resource_known check (resource_type in ('order', 'product', 'customer', 'coupon')),
    constraint queue_job_trigger_known check (trigger in ('webhook', 'poll', 'manual', 'retry')),
    constraint queue_job_follow_up_known check (follow_up_trigger is null
        or follow_up_trigger in ('webhook', 'poll', 'manual', 'retry')),
    -- finalized_at is set exactly when no worker will pick the job up again on its own
    constraint queue_job_finalized_when_final check
        ((state in ('blocked', 'failed', 'completed', 'cancelled')) = (finalized_at is not null)),
    -- a running job always has a lease, and only a running job has one
    constraint queue_job_lease_when_running check ((state = 'running') = (lease_expires_at is not null))
);

-- One active job per resource: the fold/follow-up rule relies on it (enqueue is an upsert on it).
create unique index queue_job_one_active_per_resource
    on queue_job (tenant_id, resource_type, resource_id)
    where state in ('available', 'running', 'retrying');
-- Claim: per tenant, the due jobs in order.
create index queue_job_claimable on queue_job (tenant_id, scheduled_at, id)
    where state in ('available', 'retrying');
-- Per-tenant running count and fairness (who was served least recently).
create index queue_job_running on queue_job (tenant_id) where state = 'running';
create index queue_job_tenant_attempted on queue_job (tenant_id, attempted_at desc);
-- Rescuer.
create index queue_job_lease on queue_job (lease_expires_at) where state = 'running';
-- Admin listing by state, and retention.
create index queue_job_tenant_state on queue_job (tenant_id, state, updated_at desc);
create index queue_job_finalized on queue_job (finalized_at) where finalized_at is not null;

-- The webhook write path stores two rows per delivery; every index on them is paid by every
-- delivery (and again by the job's claim). This migration keeps what the readers need and
-- makes the rest cheaper. docs/queue.md ("Measured") has the figures.

-- Dedupe key: the same rule (one delivery per tenant, webhook, topic and body), with the
-- resource first. The resource comes from the body, so the rule is unchanged; but new orders'
-- keys now land beside each other at the end of the index instead of on a random page per
-- body hash, and the index also serves the order trace's "deliveries of this order" lookup,
-- which had no index.
alter table webhook_delivery drop constraint webhook_delivery_once;
alter table webhook_delivery add constraint webhook_delivery_once
    unique (tenant_id, resource_type, resource_id, webhook_id, topic, body_sha256);

-- No query looks deliveries up by job (the trace reads them by resource, above).
drop index webhook_delivery_job;

-- Retention reads the oldest deliveries; rows are appended in the order received, so a BRIN
-- index (a few pages, hardly any write cost) finds them as well as a b-tree did.
drop index webhook_delivery_received;
create index webhook_delivery_received on webhook_delivery using brin (received_at);

-- Fairness reads the latest attempt per tenant (max(attempted_at), which only looks at non-null
-- values): a job that has never run needs no entry, so enqueueing skips this index.
drop index queue_job_tenant_attempted;
create index queue_job_tenant_attempted on queue_job (tenant_id, attempted_at desc) where attempted_at is not null;

-- The raw body (3-4 KB of JSON) is compressed when stored; lz4 costs a fraction of pglz's CPU
-- for a similar size. Only servers built with lz4 offer it; others keep pglz.
do $$
begin
    if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
        alter table webhook_delivery alter column body set compression lz4;
    end if;
end
$$;

-- Keep the body in the row. A row over ~2 KB is first compressed, then its largest values are
-- moved out to the TOAST table until it is under toast_tuple_target (default ~2 KB). A compressed
-- order body (~1.7-2 KB) plus the headers is just over that, so every delivery paid a second heap
-- row and a TOAST index entry. With 4 KB a row up to 4 KB is stored as it is (no compression
-- work), a larger one is compressed and stays whole; only a body still over ~4 KB compressed (a
-- very large order) goes out to the TOAST table.
alter table webhook_delivery set (toast_tuple_target = 4096);

-- io.woosync.woo: the WooCommerce gateway's own state. One row set per tenant; nothing here is a
-- secret (the webhook secret stays encrypted on tenant; we keep only a SHA-256 of what we last set).

-- Per-tenant switches of the WooCommerce side.
create table woo_settings (
    tenant_id           bigint      primary key references tenant (id),
    -- write _woosync_* meta_data back into the order after a sync
    write_back_enabled  boolean     not null default true,
    -- products / customers: webhooks product.* / customer.* and their catch-up poll
    products_enabled    boolean     not null default true,
    customers_enabled   boolean     not null default true,
    -- auto: https -> Basic, http -> OAuth 1.0a; basic | query | oauth1 force one (e.g. a store
    -- behind a TLS-terminating proxy that WordPress does not know about needs oauth1 over https)
    auth_style          varchar(8)  not null default 'auto',
    updated_at          timestamptz not null,
    constraint woo_settings_auth_style_known check (auth_style in ('auto', 'basic', 'query', 'oauth1'))
);

-- The catch-up poll's cursor per tenant and resource: the newest date_modified_gmt it has seen.
-- The next poll asks for modified_after = cursor_at - overlap.
create table woo_poll_cursor (
    tenant_id       bigint      not null references tenant (id),
    resource_type   varchar(16) not null,
    cursor_at       timestamptz not null,
    last_polled_at  timestamptz not null,
    last_found      integer     not null default 0,
    last_error      varchar(1000),
    primary key (tenant_id, resource_type),
    constraint woo_poll_cursor_type_known check (resource_type in ('order', 'product', 'customer'))
);

-- "What we last synced": the newest version of each resource that was handed to the queue (source
-- poll), processed by the sync (source sync) or written by us (source write_back). The poll hands a
-- resource over only when WooCommerce reports a newer date_modified_gmt than this, or the same
-- second with different content, and never when its content equals the fingerprint (e.g. exactly
-- what our own write-back left).
create table woo_resource_version (
    tenant_id          bigint      not null references tenant (id),
    resource_type      varchar(16) not null,
    resource_id        bigint      not null,
    date_modified_gmt  timestamptz not null,
    source             varchar(16) not null,
    -- SHA-256 (hex) of the resource's sync-relevant content at that version (io.woosync.woo.OwnWrites)
    fingerprint        varchar(64),
    recorded_at        timestamptz not null,
    primary key (tenant_id, resource_type, resource_id),
    constraint woo_resource_version_source_known check (source in ('poll', 'sync', 'write_back'))
);

-- The tenant's webhooks in WooCommerce as we last saw them, and the last delivery per topic.
create table woo_webhook (
    tenant_id          bigint       not null references tenant (id),
    topic              varchar(32)  not null,
    webhook_id         bigint,
    -- active | paused | disabled as WooCommerce reports it; missing when it is gone
    status             varchar(16)  not null,
    delivery_url       varchar(600),
    secret_sha256      varchar(64),
    last_action        varchar(16),
    last_checked_at    timestamptz,
    last_delivery_at   timestamptz,
    -- the admin sentence of the last failed check, null after a good one
    last_error         varchar(1000),
    primary key (tenant_id, topic),
    constraint woo_webhook_status_known check (status in ('active', 'paused', 'disabled', 'missing', 'unknown'))
);

-- Changes the poll found, until the queue takes them: the default io.woosync.woo.ChangeSink
-- (an outbox). When io.woosync.queue binds ChangeSink to JobQueue this table stays empty.
create table woo_pending_change (
    tenant_id      bigint      not null references tenant (id),
    resource_type  varchar(16) not null,
    resource_id    varchar(64) not null,
    first_seen_at  timestamptz not null,
    last_seen_at   timestamptz not null,
    primary key (tenant_id, resource_type, resource_id)
);

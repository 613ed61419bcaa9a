-- io.woosync.sync: the order executor's own state. Our database, not Odoo, is where we look first
-- whether a step is done: that saves Odoo calls and survives a crash between two Odoo calls.

-- One row per plan step (its idempotency key, unique per tenant): the Odoo record it created or
-- bound, and how far it got. A row in state 'started' means an attempt began the step's Odoo
-- writes and did not record their end: the next attempt searches Odoo before creating anything.
-- Partner steps (customer_<id>, guest_<email>, company_<name>, address_…) are tenant-wide and shared
-- by every order of that customer; the others belong to one order.
create table sync_binding (
    id            bigint generated always as identity primary key,
    tenant_id     bigint       not null references tenant (id),
    step_key      varchar(200) not null,
    -- order | customer | guest | company | address
    woo_resource  varchar(16)  not null,
    -- the Woo order id (order steps) or customer id (registered customers); 0 when none
    woo_id        bigint       not null,
    -- the io.woosync.sync.plan.ProgressStep the step completes (CUSTOMER, ORDER_CREATED, PAID…)
    step          varchar(32)  not null,
    state         varchar(16)  not null,
    odoo_model    varchar(64),
    odoo_id       bigint,
    -- ir.model.data name in module woosync_<slug>, for records we created (null for matched ones)
    external_id   varchar(200),
    -- the external id exists in Odoo ('bound'), was sent without a known answer ('sent'), or not yet (null)
    external_id_state varchar(8),
    detail        text,
    attempts      integer      not null default 1,
    started_at    timestamptz  not null,
    done_at       timestamptz,
    constraint sync_binding_key unique (tenant_id, step_key),
    constraint sync_binding_state_known check (state in ('started', 'done')),
    constraint sync_binding_xid_state_known check (external_id_state is null or external_id_state in ('sent', 'bound'))
);
create index sync_binding_order on sync_binding (tenant_id, woo_resource, woo_id);

-- Per order: the sale order lines as we last wrote them (the planner's change detection) and the
-- last plan outcome, for the trace.
create table sync_order_state (
    tenant_id     bigint       not null references tenant (id),
    woo_order_id  bigint       not null,
    order_lines   jsonb        not null default '[]',
    -- the sources ("line_items:1"…) of the sale order's lines in Odoo's order (creation order), so an
    -- update can address each Odoo line; a line removed from a confirmed order stays with quantity 0
    line_sources  jsonb        not null default '[]',
    -- every step key the order's plans used (its partner keys included), for the trace
    step_keys     jsonb        not null default '[]',
    last_outcome  varchar(16),
    last_message  text,
    updated_at    timestamptz  not null,
    primary key (tenant_id, woo_order_id)
);

-- Per tenant: the order-sync settings (io.woosync.sync.settings.SyncSettings as JSON). No row =
-- the seed's defaults.
create table sync_settings (
    tenant_id     bigint       primary key references tenant (id),
    settings      jsonb        not null,
    updated_at    timestamptz  not null
);

-- What WooCommerce said about each synced order at its last sync: number, currency, total and
-- creation time (GMT). Finance's reconciliation export compares the total with Odoo's documents.
-- Nullable: orders synced before this migration have none until their next sync.
alter table sync_order_state
    add column woo_number     varchar(64),
    add column woo_currency   varchar(3),
    add column woo_total      numeric(16, 4),
    add column woo_created_at timestamptz;

create index sync_order_state_created on sync_order_state (tenant_id, woo_created_at);

-- Tenants: one WooCommerce store and one Odoo database each.
-- Secret columns (*_enc) hold AES-GCM ciphertext written by io.woosync.tenant.SecretCipher
-- ("v1:<key id>:<base64>"); plaintext never reaches this table.
create table tenant (
    id                      bigint generated always as identity primary key,
    slug                    varchar(40)  not null,
    name                    varchar(200) not null,
    status                  varchar(16)  not null default 'active',
    woo_store_url           varchar(500),
    woo_consumer_key_enc    text,
    woo_consumer_secret_enc text,
    woo_webhook_secret_enc  text,
    odoo_url                varchar(500),
    odoo_database           varchar(200),
    odoo_login              varchar(200),
    odoo_api_key_enc        text,
    created_at              timestamptz  not null,
    updated_at              timestamptz  not null,
    version                 bigint       not null default 0,
    constraint tenant_slug_unique unique (slug),
    constraint tenant_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
    constraint tenant_status_known check (status in ('active', 'paused'))
);

package io.woosync.odoo;

/** How WooSync talks to a tenant's Odoo. */
public enum OdooTransportKind {
    /** {@code POST /jsonrpc}, service {@code object}, {@code execute_kw} with db, uid and API key (Odoo 16 to 21). */
    JSON_RPC,
    /** {@code POST /json/2/<model>/<method>} with a bearer API key and named arguments (Odoo 19 and later). */
    JSON_2

}

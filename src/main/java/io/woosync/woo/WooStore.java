package io.woosync.woo;

import io.woosync.JdbcStatements;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every query of the WooCommerce gateway's own tables (V30__woo.sql), kept in one place. Plain JDBC
 * on the application's datasource, so each statement joins the caller's JTA transaction: the poll
 * advances its cursor and hands changes to the queue in one commit.
 */
@ApplicationScoped
public class WooStore {

    /** Per-tenant switches; {@link #defaults()} when the tenant never saved any. */
    public record Settings(boolean writeBackEnabled, boolean productsEnabled, boolean customersEnabled, AuthStyle authStyle) {
        public static Settings defaults() {
            return new Settings(true, true, true, AuthStyle.AUTO);
        }
    }

    public record Cursor(String resourceType, Instant cursorAt, Instant lastPolledAt, int lastFound, String lastError) {
    }

    public record Version(long resourceId, Instant dateModifiedGmt, String source, String fingerprint) {
    }

    public record WebhookRow(String topic, Long webhookId, String status, String deliveryUrl, String secretSha256,
                             String lastAction, Instant lastCheckedAt, Instant lastDeliveryAt, String lastError) {
    }

    public record PendingChange(String resourceType, String resourceId, Instant firstSeenAt, Instant lastSeenAt) {
    }

    /** An active tenant with a WooCommerce store configured. */
    public record ActiveTenant(long id, String slug) {
    }

    private final AgroalDataSource dataSource;

    public WooStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ---- tenants ---------------------------------------------------------------------------

    public List<ActiveTenant> activeTenantsWithStore() {
        return query("select id, slug from tenant where status = 'active' and woo_store_url is not null "
                        + "and woo_consumer_key_enc is not null order by id",
                ps -> { }, rs -> new ActiveTenant(rs.getLong(1), rs.getString(2)));
    }

    // ---- settings --------------------------------------------------------------------------

    public Settings settings(long tenantId) {
        List<Settings> rows = query("select write_back_enabled, products_enabled, customers_enabled, auth_style "
                        + "from woo_settings where tenant_id = ?",
                ps -> ps.setLong(1, tenantId),
                rs -> new Settings(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), AuthStyle.fromDb(rs.getString(4))));
        return rows.isEmpty() ? Settings.defaults() : rows.get(0);
    }

    public AuthStyle authStyleBySlug(String slug) {
        List<AuthStyle> rows = query("select s.auth_style from woo_settings s join tenant t on t.id = s.tenant_id where t.slug = ?",
                ps -> ps.setString(1, slug), rs -> AuthStyle.fromDb(rs.getString(1)));
        return rows.isEmpty() ? AuthStyle.AUTO : rows.get(0);
    }

    public void saveSettings(long tenantId, Settings s, Instant now) {
        update("insert into woo_settings (tenant_id, write_back_enabled, products_enabled, customers_enabled, auth_style, updated_at) "
                + "values (?, ?, ?, ?, ?, ?) on conflict (tenant_id) do update set write_back_enabled = excluded.write_back_enabled, "
                + "products_enabled = excluded.products_enabled, customers_enabled = excluded.customers_enabled, "
                + "auth_style = excluded.auth_style, updated_at = excluded.updated_at", ps -> {
            ps.setLong(1, tenantId);
            ps.setBoolean(2, s.writeBackEnabled());
            ps.setBoolean(3, s.productsEnabled());
            ps.setBoolean(4, s.customersEnabled());
            ps.setString(5, s.authStyle().dbValue());
            ps.setTimestamp(6, Timestamp.from(now));
        });
    }

    // ---- poll cursors ----------------------------------------------------------------------

    public Optional<Cursor> cursor(long tenantId, String resourceType) {
        return query("select resource_type, cursor_at, last_polled_at, last_found, last_error from woo_poll_cursor "
                        + "where tenant_id = ? and resource_type = ?",
                ps -> { ps.setLong(1, tenantId); ps.setString(2, resourceType); }, WooStore::cursorRow).stream().findFirst();
    }

    public List<Cursor> cursors(long tenantId) {
        return query("select resource_type, cursor_at, last_polled_at, last_found, last_error from woo_poll_cursor "
                + "where tenant_id = ? order by resource_type", ps -> ps.setLong(1, tenantId), WooStore::cursorRow);
    }

    private static Cursor cursorRow(ResultSet rs) throws SQLException {
        return new Cursor(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getString(5));
    }

    /** Moves the cursor (never backwards) and records a successful poll. */
    public void saveCursor(long tenantId, String resourceType, Instant cursorAt, Instant polledAt, int found) {
        update("insert into woo_poll_cursor (tenant_id, resource_type, cursor_at, last_polled_at, last_found, last_error) "
                + "values (?, ?, ?, ?, ?, null) on conflict (tenant_id, resource_type) do update set "
                + "cursor_at = greatest(woo_poll_cursor.cursor_at, excluded.cursor_at), last_polled_at = excluded.last_polled_at, "
                + "last_found = excluded.last_found, last_error = null", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, resourceType);
            ps.setTimestamp(3, Timestamp.from(cursorAt));
            ps.setTimestamp(4, Timestamp.from(polledAt));
            ps.setInt(5, found);
        });
    }

    /** Records a failed poll without moving the cursor (a first poll that fails stores its start point). */
    public void savePollError(long tenantId, String resourceType, Instant startCursor, Instant polledAt, String error) {
        update("insert into woo_poll_cursor (tenant_id, resource_type, cursor_at, last_polled_at, last_found, last_error) "
                + "values (?, ?, ?, ?, 0, ?) on conflict (tenant_id, resource_type) do update set "
                + "last_polled_at = excluded.last_polled_at, last_found = 0, last_error = excluded.last_error", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, resourceType);
            ps.setTimestamp(3, Timestamp.from(startCursor));
            ps.setTimestamp(4, Timestamp.from(polledAt));
            ps.setString(5, error.length() > 1000 ? error.substring(0, 1000) : error);
        });
    }

    // ---- resource versions -------------------------------------------------------------------

    public Optional<Version> version(long tenantId, String resourceType, long resourceId) {
        return query("select resource_id, date_modified_gmt, source, fingerprint from woo_resource_version "
                        + "where tenant_id = ? and resource_type = ? and resource_id = ?",
                ps -> { ps.setLong(1, tenantId); ps.setString(2, resourceType); ps.setLong(3, resourceId); },
                rs -> new Version(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)))
                .stream().findFirst();
    }

    /**
     * Records a version: a newer date_modified_gmt replaces the row, the same second replaces it when
     * it brings a fingerprint, and our own write_back always wins.
     */
    public void recordVersion(long tenantId, String resourceType, long resourceId, Instant dateModifiedGmt, String source,
                              String fingerprint, Instant now) {
        update("insert into woo_resource_version (tenant_id, resource_type, resource_id, date_modified_gmt, source, "
                + "fingerprint, recorded_at) values (?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (tenant_id, resource_type, resource_id) do update set "
                + "date_modified_gmt = excluded.date_modified_gmt, source = excluded.source, "
                + "fingerprint = excluded.fingerprint, recorded_at = excluded.recorded_at "
                + "where excluded.source = 'write_back' or excluded.date_modified_gmt > woo_resource_version.date_modified_gmt "
                + "or (excluded.date_modified_gmt = woo_resource_version.date_modified_gmt and excluded.fingerprint is not null)", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, resourceType);
            ps.setLong(3, resourceId);
            ps.setTimestamp(4, Timestamp.from(dateModifiedGmt));
            ps.setString(5, source);
            ps.setString(6, fingerprint);
            ps.setTimestamp(7, Timestamp.from(now));
        });
    }

    // ---- webhooks ----------------------------------------------------------------------------

    public List<WebhookRow> webhooks(long tenantId) {
        return query("select topic, webhook_id, status, delivery_url, secret_sha256, last_action, last_checked_at, last_delivery_at, "
                + "last_error from woo_webhook where tenant_id = ? order by topic", ps -> ps.setLong(1, tenantId), rs -> new WebhookRow(
                rs.getString(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getString(9)));
    }

    public void saveWebhook(long tenantId, String topic, Long webhookId, String status, String deliveryUrl, String secretSha256,
                            String lastAction, Instant checkedAt) {
        update("insert into woo_webhook (tenant_id, topic, webhook_id, status, delivery_url, secret_sha256, last_action, last_checked_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, topic) do update set webhook_id = excluded.webhook_id, "
                + "status = excluded.status, delivery_url = excluded.delivery_url, secret_sha256 = excluded.secret_sha256, "
                + "last_action = excluded.last_action, last_checked_at = excluded.last_checked_at, last_error = null", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, topic);
            ps.setObject(3, webhookId);
            ps.setString(4, status);
            ps.setString(5, deliveryUrl);
            ps.setString(6, secretSha256);
            ps.setString(7, lastAction);
            ps.setTimestamp(8, Timestamp.from(checkedAt));
        });
    }

    /** Records a failed check of one topic without forgetting what we knew about its webhook. */
    public void saveWebhookError(long tenantId, String topic, String error, Instant checkedAt) {
        update("insert into woo_webhook (tenant_id, topic, status, last_action, last_checked_at, last_error) "
                + "values (?, ?, 'unknown', 'failed', ?, ?) on conflict (tenant_id, topic) do update set "
                + "last_action = 'failed', last_checked_at = excluded.last_checked_at, last_error = excluded.last_error", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, topic);
            ps.setTimestamp(3, Timestamp.from(checkedAt));
            ps.setString(4, error.length() > 1000 ? error.substring(0, 1000) : error);
        });
    }

    /** The newest order (or other resource) change that the poll found and handed to the queue itself. */
    public Optional<Instant> newestPollFoundChange(long tenantId, String resourceType) {
        return query("select max(date_modified_gmt) from woo_resource_version where tenant_id = ? and resource_type = ? "
                        + "and source = 'poll'", ps -> { ps.setLong(1, tenantId); ps.setString(2, resourceType); },
                rs -> instant(rs.getTimestamp(1))).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Keeps the newest delivery time per topic; a topic we do not manage yet gets a row with status unknown. */
    public void recordDelivery(long tenantId, String topic, Instant at) {
        update("insert into woo_webhook (tenant_id, topic, status, last_delivery_at) values (?, ?, 'unknown', ?) "
                + "on conflict (tenant_id, topic) do update set last_delivery_at = "
                + "greatest(woo_webhook.last_delivery_at, excluded.last_delivery_at)", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, topic);
            ps.setTimestamp(3, Timestamp.from(at));
        });
    }

    // ---- pending changes (default ChangeSink) --------------------------------------------------

    public void savePendingChange(long tenantId, String resourceType, String resourceId, Instant now) {
        update("insert into woo_pending_change (tenant_id, resource_type, resource_id, first_seen_at, last_seen_at) "
                + "values (?, ?, ?, ?, ?) on conflict (tenant_id, resource_type, resource_id) do update set "
                + "last_seen_at = excluded.last_seen_at", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, resourceType);
            ps.setString(3, resourceId);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setTimestamp(5, Timestamp.from(now));
        });
    }

    public List<PendingChange> pendingChanges(long tenantId) {
        return query("select resource_type, resource_id, first_seen_at, last_seen_at from woo_pending_change where tenant_id = ? "
                        + "order by first_seen_at, resource_type, resource_id", ps -> ps.setLong(1, tenantId),
                rs -> new PendingChange(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()));
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private <T> List<T> query(String sql, JdbcStatements.Binder binder, JdbcStatements.RowMapper<T> mapper) {
        return JdbcStatements.query(dataSource, "woo store", sql, binder, mapper);
    }

    private int update(String sql, JdbcStatements.Binder binder) {
        return JdbcStatements.update(dataSource, "woo store", sql, binder);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

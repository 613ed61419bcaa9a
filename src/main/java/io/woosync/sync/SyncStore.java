package io.woosync.sync;

import io.woosync.JdbcStatements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.woosync.sync.order.WooOrder;
import io.woosync.sync.plan.OrderBindings;
import io.woosync.sync.plan.OrderLine;
import io.woosync.sync.plan.Plan;
import io.woosync.sync.plan.ProgressStep;
import io.woosync.sync.settings.SyncSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every query of the order sync's own tables (V40__order_sync.sql): bindings (one row per plan step),
 * per-order state and per-tenant settings. Plain JDBC, each statement in its own auto-commit so that
 * what an attempt recorded survives the attempt crashing right after.
 */
@ApplicationScoped
public class SyncStore {

    /** One step's row: what it created or bound in Odoo, and how far it got. */
    public record Binding(long id, String stepKey, String wooResource, long wooId, String step, String state,
                          String odooModel, Long odooId, String externalId, String externalIdState, String detail,
                          int attempts, Instant startedAt, Instant doneAt) {
        public boolean done() {
            return "done".equals(state);
        }

        public boolean started() {
            return "started".equals(state);
        }
    }

    /** The per-order state. */
    public record OrderState(List<OrderLine> orderLines, List<String> lineSources, Set<String> stepKeys,
                             String lastOutcome, String lastMessage, Instant updatedAt) {
        static OrderState empty() {
            return new OrderState(List.of(), List.of(), Set.of(), null, null, null);
        }
    }

    private static final String COLUMNS = "id, step_key, woo_resource, woo_id, step, state, odoo_model, odoo_id, external_id, "
            + "external_id_state, detail, attempts, started_at, done_at";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public SyncStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    // ---- bindings --------------------------------------------------------------------------------

    public Map<String, Binding> bindings(long tenantId, Collection<String> keys) {
        Map<String, Binding> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        query("select " + COLUMNS + " from sync_binding where tenant_id = ? and step_key = any(?) order by id", ps -> {
            ps.setLong(1, tenantId);
            ps.setArray(2, ps.getConnection().createArrayOf("varchar", keys.toArray()));
        }, rs -> out.put(rs.getString(2), binding(rs)));
        return out;
    }

    public Optional<Binding> binding(long tenantId, String key) {
        return Optional.ofNullable(bindings(tenantId, List.of(key)).get(key));
    }

    public List<Binding> orderBindings(long tenantId, long wooOrderId) {
        List<Binding> out = new ArrayList<>();
        query("select " + COLUMNS + " from sync_binding where tenant_id = ? and woo_resource = 'order' and woo_id = ? order by id",
                ps -> { ps.setLong(1, tenantId); ps.setLong(2, wooOrderId); }, rs -> out.add(binding(rs)));
        return out;
    }

    /** What the planner needs: records by key and the keys done, from the given rows. */
    public static OrderBindings toPlannerBindings(Collection<Binding> rows, List<OrderLine> lines) {
        Map<String, Long> records = new HashMap<>();
        Set<String> done = new HashSet<>();
        for (Binding b : rows) {
            if (b.odooId() != null) {
                records.put(b.stepKey(), b.odooId());
            }
            if (b.done()) {
                done.add(b.stepKey());
            }
        }
        return new OrderBindings(records, done, lines);
    }

    /**
     * Records that an attempt is about to write to Odoo for this step. A row already 'started' (an earlier
     * attempt did not finish it) counts one more attempt. Returns the row as it was before, if any.
     */
    public Optional<Binding> start(long tenantId, String key, String wooResource, long wooId, String step, Instant now) {
        Optional<Binding> before = binding(tenantId, key);
        update("insert into sync_binding (tenant_id, step_key, woo_resource, woo_id, step, state, started_at) "
                + "values (?, ?, ?, ?, ?, 'started', ?) on conflict (tenant_id, step_key) do update set "
                + "attempts = sync_binding.attempts + 1, started_at = excluded.started_at where sync_binding.state = 'started'", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, key);
            ps.setString(3, wooResource);
            ps.setLong(4, wooId);
            ps.setString(5, step);
            ps.setTimestamp(6, Timestamp.from(now));
        });
        return before;
    }

    /** The step's Odoo work is done; {@code odooId} is the record it created, bound or acted on. */
    public void done(long tenantId, String key, String odooModel, Long odooId, String externalId, String detail, Instant now) {
        update("update sync_binding set state = 'done', odoo_model = ?, odoo_id = ?, external_id = ?, detail = ?, done_at = ? "
                + "where tenant_id = ? and step_key = ?", ps -> {
            ps.setString(1, odooModel);
            if (odooId == null) {
                ps.setNull(2, java.sql.Types.BIGINT);
            } else {
                ps.setLong(2, odooId);
            }
            ps.setString(3, externalId);
            ps.setString(4, detail);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setLong(6, tenantId);
            ps.setString(7, key);
        });
    }

    /** Records the Odoo record of a step that is still running (e.g. a created credit note before posting). */
    public void recordOdooId(long tenantId, String key, String odooModel, long odooId) {
        update("update sync_binding set odoo_model = ?, odoo_id = ? where tenant_id = ? and step_key = ?", ps -> {
            ps.setString(1, odooModel);
            ps.setLong(2, odooId);
            ps.setLong(3, tenantId);
            ps.setString(4, key);
        });
    }

    /** Done rows whose record we created but whose external id is not known to exist in Odoo yet. */
    public List<Binding> unboundExternalIds(long tenantId, Collection<String> keys) {
        return bindings(tenantId, keys).values().stream()
                .filter(b -> b.done() && b.externalId() != null && b.odooId() != null && !"bound".equals(b.externalIdState()))
                .toList();
    }

    public void externalIdState(long tenantId, Collection<String> keys, String state) {
        if (keys.isEmpty()) {
            return;
        }
        update("update sync_binding set external_id_state = ? where tenant_id = ? and step_key = any(?)", ps -> {
            ps.setString(1, state);
            ps.setLong(2, tenantId);
            ps.setArray(3, ps.getConnection().createArrayOf("varchar", keys.toArray()));
        });
    }

    private static Binding binding(ResultSet rs) throws SQLException {
        long odooId = rs.getLong(8);
        Long odoo = rs.wasNull() ? null : odooId;
        Timestamp done = rs.getTimestamp(14);
        return new Binding(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getString(7), odoo, rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12),
                rs.getTimestamp(13).toInstant(), done == null ? null : done.toInstant());
    }

    // ---- order state -----------------------------------------------------------------------------

    public OrderState orderState(long tenantId, long wooOrderId) {
        List<OrderState> out = new ArrayList<>();
        query("select order_lines, line_sources, step_keys, last_outcome, last_message, updated_at from sync_order_state "
                + "where tenant_id = ? and woo_order_id = ?", ps -> { ps.setLong(1, tenantId); ps.setLong(2, wooOrderId); },
                rs -> out.add(new OrderState(read(rs.getString(1), new TypeReference<List<OrderLine>>() { }),
                        read(rs.getString(2), new TypeReference<List<String>>() { }),
                        read(rs.getString(3), new TypeReference<Set<String>>() { }),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant())));
        return out.isEmpty() ? OrderState.empty() : out.get(0);
    }

    /** Stores the sale order lines as written (and the Odoo line order), keeping the rest. */
    public void saveLines(long tenantId, long wooOrderId, List<OrderLine> lines, List<String> lineSources, Instant now) {
        upsertState(tenantId, wooOrderId, now, "order_lines = excluded.order_lines, line_sources = excluded.line_sources",
                write(lines), write(lineSources), "[]", null, null, "[]");
    }

    /** What WooCommerce says about the order now (number, currency, total, creation time), for reconciliation. */
    public void saveWooTotals(long tenantId, WooOrder order, Instant now) {
        update("insert into sync_order_state (tenant_id, woo_order_id, updated_at, woo_number, woo_currency, woo_total, woo_created_at) "
                + "values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, woo_order_id) do update set woo_number = excluded.woo_number, "
                + "woo_currency = excluded.woo_currency, woo_total = excluded.woo_total, woo_created_at = excluded.woo_created_at", ps -> {
            ps.setLong(1, tenantId);
            ps.setLong(2, order.id());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, order.number());
            ps.setString(5, order.currency());
            ps.setBigDecimal(6, order.total());
            LocalDateTime created = order.dateCreatedGmt() != null ? order.dateCreatedGmt() : order.dateCreated();
            ps.setTimestamp(7, created == null ? null : Timestamp.from(created.toInstant(ZoneOffset.UTC)));
        });
    }

    /** A synced order's WooCommerce figures and the Odoo documents WooSync made for it (null: none). */
    public record SyncedOrder(long wooOrderId, String number, String currency, BigDecimal wooTotal, Instant createdAt,
                              Long saleOrderId, Long invoiceId) {
    }

    /**
     * Orders created in WooCommerce in [from, to) that reached Odoo (a sales order or an invoice bound), in
     * order id order, at most {@code limit}: what finance's reconciliation compares.
     */
    public List<SyncedOrder> syncedOrders(long tenantId, Instant from, Instant to, int limit) {
        List<SyncedOrder> out = new ArrayList<>();
        query("select s.woo_order_id, s.woo_number, s.woo_currency, s.woo_total, s.woo_created_at, so.odoo_id, inv.odoo_id "
                + "from sync_order_state s "
                + "left join sync_binding so on so.tenant_id = s.tenant_id and so.step_key = 'order_' || s.woo_order_id "
                + "left join sync_binding inv on inv.tenant_id = s.tenant_id and inv.step_key = 'invoice_' || s.woo_order_id "
                + "where s.tenant_id = ? and s.woo_created_at >= ? and s.woo_created_at < ? and s.woo_total is not null "
                + "and (so.odoo_id is not null or inv.odoo_id is not null) order by s.woo_order_id limit ?", ps -> {
            ps.setLong(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setInt(4, limit);
        }, rs -> out.add(new SyncedOrder(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                rs.getTimestamp(5).toInstant(), (Long) rs.getObject(6), (Long) rs.getObject(7))));
        return out;
    }

    /**
     * The outcome of a sync: every key the plan used (added to those of earlier plans), the outcome
     * and its message, and the plan's open reviews (replacing the last plan's: only what stands now
     * can be acknowledged).
     */
    public void saveOutcome(long tenantId, long wooOrderId, Collection<String> stepKeys, String outcome, String message,
                            List<String> openReviews, Instant now) {
        Set<String> all = new java.util.TreeSet<>(orderState(tenantId, wooOrderId).stepKeys());
        all.addAll(stepKeys);
        upsertState(tenantId, wooOrderId, now, "step_keys = excluded.step_keys, last_outcome = excluded.last_outcome, "
                + "last_message = excluded.last_message, open_reviews = excluded.open_reviews", "[]", "[]", write(all), outcome, message,
                write(openReviews));
    }

    /**
     * A person's acknowledgement of the order's open reviews: each one's {@link Plan.Review#acknowledgementKey}
     * recorded as a done binding of the order (who, when), so that the next plan lists it as a note. Returns
     * the review keys acknowledged now; empty when none was open (or all were acknowledged already).
     */
    public List<String> acknowledgeReviews(long tenantId, long wooOrderId, String user, Instant now) {
        List<String> acknowledged = new ArrayList<>();
        for (String key : openReviews(tenantId, wooOrderId)) {
            int[] inserted = {0};
            query("insert into sync_binding (tenant_id, step_key, woo_resource, woo_id, step, state, detail, started_at, done_at) "
                    + "values (?, ?, 'order', ?, ?, 'done', ?, ?, ?) on conflict (tenant_id, step_key) do nothing returning id", ps -> {
                ps.setLong(1, tenantId);
                ps.setString(2, Plan.Review.acknowledgementKey(key));
                ps.setLong(3, wooOrderId);
                ps.setString(4, ProgressStep.REVIEW_ACKNOWLEDGED.name());
                ps.setString(5, "acknowledged by " + user);
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setTimestamp(7, Timestamp.from(now));
            }, rs -> inserted[0]++);
            if (inserted[0] > 0) {
                acknowledged.add(key);
            }
        }
        return acknowledged;
    }

    /** The review keys of the order's latest plan (see {@link #saveOutcome}). */
    public List<String> openReviews(long tenantId, long wooOrderId) {
        List<String> open = new ArrayList<>();
        query("select open_reviews from sync_order_state where tenant_id = ? and woo_order_id = ?",
                ps -> { ps.setLong(1, tenantId); ps.setLong(2, wooOrderId); },
                rs -> open.addAll(read(rs.getString(1), new TypeReference<List<String>>() { })));
        return open;
    }

    /**
     * True when a person has acknowledged a review the latest plan still lists as open: the order's
     * state in WooCommerce may be unchanged, but ours is not, and the next sync must plan it again.
     */
    public boolean hasUnappliedAcknowledgement(long tenantId, long wooOrderId) {
        List<String> ackKeys = openReviews(tenantId, wooOrderId).stream().map(Plan.Review::acknowledgementKey).toList();
        return !ackKeys.isEmpty() && bindings(tenantId, ackKeys).values().stream().anyMatch(Binding::done);
    }

    private void upsertState(long tenantId, long wooOrderId, Instant now, String set, String lines, String sources, String keys,
                             String outcome, String message, String openReviews) {
        update("insert into sync_order_state (tenant_id, woo_order_id, order_lines, line_sources, step_keys, last_outcome, "
                + "last_message, open_reviews, updated_at) values (?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, ?, "
                + "cast(? as jsonb), ?) "
                + "on conflict (tenant_id, woo_order_id) do update set " + set + ", updated_at = excluded.updated_at", ps -> {
            ps.setLong(1, tenantId);
            ps.setLong(2, wooOrderId);
            ps.setString(3, lines);
            ps.setString(4, sources);
            ps.setString(5, keys);
            ps.setString(6, outcome);
            ps.setString(7, message);
            ps.setString(8, openReviews);
            ps.setTimestamp(9, Timestamp.from(now));
        });
    }

    // ---- settings --------------------------------------------------------------------------------

    /** The tenant's order-sync settings; the seed's defaults when none were saved. */
    public SyncSettings settings(long tenantId) {
        List<SyncSettings> out = new ArrayList<>();
        query("select settings from sync_settings where tenant_id = ?", ps -> ps.setLong(1, tenantId),
                rs -> out.add(read(rs.getString(1), new TypeReference<SyncSettings>() { })));
        return out.isEmpty() ? SyncSettings.defaults() : out.get(0);
    }

    /** A tenant's saved settings and their last change; see {@link #storedSettings}. */
    public record StoredSettings(SyncSettings settings, Instant updatedAt, String updatedBy, long version) {
    }

    /** A save based on a version that is no longer the stored one: someone else saved in between. */
    public static final class StaleSettingsException extends RuntimeException {
        public StaleSettingsException() {
            super("settings changed meanwhile");
        }
    }

    /** One recorded change of a tenant's settings: who, when, through what, and which settings differ. */
    public record SettingsChange(long id, Instant changedAt, String changedBy, String via, List<String> changedFields) {
    }

    /** The saved row, if the tenant ever saved settings ({@code updatedBy} is null for rows written before V41). */
    public Optional<StoredSettings> storedSettings(long tenantId) {
        List<StoredSettings> out = new ArrayList<>();
        query("select settings, updated_at, updated_by, version from sync_settings where tenant_id = ?", ps -> ps.setLong(1, tenantId),
                rs -> out.add(new StoredSettings(read(rs.getString(1), new TypeReference<SyncSettings>() { }),
                        rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getLong(4))));
        return out.stream().findFirst();
    }

    /**
     * Replaces a tenant's settings on behalf of a user and records the change, in one transaction: the row
     * carries the last change (updated_at, updated_by, version + 1), {@code sync_settings_change} every change
     * with the paths that differ from the value before (the defaults when none was saved). With
     * {@code expectedVersion} (0 = never saved) the save happens only if the stored version is still that one,
     * else {@link StaleSettingsException}. Returns the changed paths; an identical value records a change with none.
     */
    public List<String> replaceSettings(long tenantId, SyncSettings settings, Instant now, String changedBy, String via,
                                        Long expectedVersion) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            List<String> before = new ArrayList<>();
            List<StoredSettings> row = new ArrayList<>();
            query("select settings, updated_at, updated_by, version from sync_settings where tenant_id = ? for update",
                    ps -> ps.setLong(1, tenantId), rs -> {
                        before.add(rs.getString(1));
                        row.add(new StoredSettings(read(rs.getString(1), new TypeReference<SyncSettings>() { }),
                                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getLong(4)));
                    });
            long stored = row.isEmpty() ? 0 : row.get(0).version();
            if (expectedVersion != null && expectedVersion != stored) {
                throw new StaleSettingsException();
            }
            // Both sides through the records, so jsonb's own number forms never count as a change.
            JsonNode previous = json.valueToTree(before.isEmpty() ? SyncSettings.defaults()
                    : read(before.get(0), new TypeReference<SyncSettings>() { }));
            JsonNode next = json.valueToTree(settings);
            List<String> changed = new ArrayList<>();
            differences("", previous, next, 2, changed);
            String text = write(next);
            // Only over the version read above: a first save racing another first save (no row to lock) loses here.
            int written = JdbcStatements.update(dataSource, "sync store", "insert into sync_settings (tenant_id, settings, "
                    + "updated_at, updated_by) values (?, cast(? as jsonb), ?, ?) on conflict (tenant_id) do update set "
                    + "settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by, "
                    + "version = sync_settings.version + 1 where sync_settings.version = ?", ps -> {
                ps.setLong(1, tenantId);
                ps.setString(2, text);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setString(4, changedBy);
                ps.setLong(5, stored);
            });
            if (written == 0) {
                throw new StaleSettingsException();
            }
            update("insert into sync_settings_change (tenant_id, changed_at, changed_by, via, changed_fields, settings) "
                    + "values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))", ps -> {
                ps.setLong(1, tenantId);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, changedBy);
                ps.setString(4, via);
                ps.setString(5, write(changed));
                ps.setString(6, text);
            });
            return changed;
        });
    }

    /** The tenant's recorded settings changes, newest first. */
    public List<SettingsChange> settingsChanges(long tenantId, int limit) {
        List<SettingsChange> out = new ArrayList<>();
        query("select id, changed_at, changed_by, via, changed_fields from sync_settings_change where tenant_id = ? "
                + "order by changed_at desc, id desc limit ?", ps -> { ps.setLong(1, tenantId); ps.setInt(2, limit); },
                rs -> out.add(new SettingsChange(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        read(rs.getString(5), new TypeReference<List<String>>() { }))));
        return out;
    }

    /** Paths (dot-separated, at most {@code depth} levels deep) where two JSON values differ. */
    private static void differences(String path, JsonNode a, JsonNode b, int depth, List<String> out) {
        if (a.equals(b)) {
            return;
        }
        if (depth == 0 || !a.isObject() || !b.isObject()) {
            out.add(path);
            return;
        }
        Set<String> names = new java.util.TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            JsonNode x = a.path(n);
            JsonNode y = b.path(n);
            differences(path.isEmpty() ? n : path + "." + n, x, y, depth - 1, out);
        }
    }

    public void saveSettings(long tenantId, SyncSettings settings, Instant now) {
        update("insert into sync_settings (tenant_id, settings, updated_at) values (?, cast(? as jsonb), ?) "
                + "on conflict (tenant_id) do update set settings = excluded.settings, updated_at = excluded.updated_at, "
                + "version = sync_settings.version + 1", ps -> {
            ps.setLong(1, tenantId);
            ps.setString(2, write(settings));
            ps.setTimestamp(3, Timestamp.from(now));
        });
    }

    // ---- trace reads -----------------------------------------------------------------------------

    /** Plain rows of any trace query, column label → value (timestamps as Instant). */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        List<Map<String, Object>> out = new ArrayList<>();
        query(sql, ps -> {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
        }, rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof Timestamp t) {
                    v = t.toInstant();
                } else if (v instanceof java.time.OffsetDateTime o) {
                    v = o.toInstant();
                }
                row.put(rs.getMetaData().getColumnLabel(i), v);
            }
            out.add(row);
        });
        return out;
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored " + type.getType() + ": " + e.getOriginalMessage(), e);
        }
    }

    private void query(String sql, JdbcStatements.Binder binder, JdbcStatements.RowReader reader) {
        JdbcStatements.forEachRow(dataSource, "sync store", sql, binder, reader);
    }

    private void update(String sql, JdbcStatements.Binder binder) {
        JdbcStatements.update(dataSource, "sync store", sql, binder);
    }

    /** Runs {@code work} holding a PostgreSQL advisory lock for the order; false when another worker holds it. */
    public boolean withOrderLock(long tenantId, long wooOrderId, Runnable work) {
        try (Connection c = dataSource.getConnection()) {
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, (int) tenantId);
                ps.setInt(2, (int) (wooOrderId ^ (wooOrderId >>> 32)));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                return false;
            }
            try {
                work.run();
            } finally {
                // Session-level lock: release it before the connection goes back to the pool.
                try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
                    ps.setInt(1, (int) tenantId);
                    ps.setInt(2, (int) (wooOrderId ^ (wooOrderId >>> 32)));
                    ps.executeQuery().close();
                }
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("order lock failed: " + e.getMessage(), e);
        }
    }
}

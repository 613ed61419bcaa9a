package io.woosync.ingest;

import io.agroal.api.AgroalDataSource;
import io.woosync.queue.JobStore;
import io.woosync.queue.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook tables' SQL. A delivery and its job are written by ONE statement, and so are
 * several deliveries committed together (see {@link DeliveryWriter}): the job part uses the queue's own fold rule ({@link JobStore#ENQUEUE_ON_CONFLICT}),
 * and an identical re-delivery (same tenant, webhook, topic and body hash) inserts nothing.
 */
@ApplicationScoped
public class DeliveryStore {

    static final String STORE_AND_ENQUEUE = """
            with new_delivery as (
                select nextval('webhook_delivery_id_seq'::regclass) as id
            ),
            job as (
                insert into queue_job as j (tenant_id, resource_type, resource_id, state, trigger, max_attempts,
                                            last_delivery_id, scheduled_at, created_at, updated_at)
                select ?, ?, ?, 'available', 'webhook', ?, d.id, ?, ?, ?
                  from new_delivery d
                 where (select 1 from webhook_delivery w
                         where w.tenant_id = ? and w.resource_type = ? and w.resource_id = ?
                           and w.webhook_id = ? and w.topic = ? and w.body_sha256 = ?) is null
            """ + JobStore.ENQUEUE_ON_CONFLICT + """
            )
            insert into webhook_delivery (id, tenant_id, webhook_id, delivery_id, topic, resource_type, resource_id, source,
                                          headers, body, body_sha256, received_at, job_id)
            select d.id, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, job.id
              from new_delivery d, job
            on conflict on constraint webhook_delivery_once do nothing
            returning id, job_id
            """;

    /**
     * A whole batch in ONE statement (the group commit's): one row per delivery in, arrays bound
     * as parameters. Deliveries already stored (same tenant, webhook, topic and body hash) are
     * left out; each resource gets one job upsert for all its new deliveries (events counted,
     * the newest delivery linked), in (tenant, resource) order so that concurrent batches lock
     * jobs in the same order. Returns the stored deliveries with their jobs. A multi-row insert
     * costs PostgreSQL well under half the CPU per row of single-row statements.
     * <p>
     * Both statements look for an earlier identical delivery with a scalar subquery, not
     * {@code not exists}: PostgreSQL turns {@code not exists} into an anti-join, and a plan made
     * while the table is still small (a new install, whose cached plan lives as long as the pooled
     * connection) hash-joins against a scan of the whole table, for every batch, until the next
     * analyze. The subquery can only be an index lookup per delivery.
     * <p>
     * Both take the delivery ids from the identity column's sequence by name, resolved once when
     * the statement is prepared. {@code nextval(pg_get_serial_sequence(...))} looked the sequence
     * up in the catalogs again for every row (3 % of the database's time on this statement, by a
     * profile of the benchmark).
     */
    static final String STORE_AND_ENQUEUE_MANY = """
            with input as (
                select * from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::bytea[], ?::bytea[], ?::timestamptz[])
                       with ordinality as i(tenant_id, webhook_id, delivery_id, topic, resource_type, resource_id, source,
                                            headers, body, body_sha256, received_at, ord)
            ),
            fresh as (
                select i.*, nextval('webhook_delivery_id_seq'::regclass) as id
                  from input i
                 where (select 1 from webhook_delivery w
                         where w.tenant_id = i.tenant_id and w.resource_type = i.resource_type
                           and w.resource_id = i.resource_id and w.webhook_id = i.webhook_id
                           and w.topic = i.topic and w.body_sha256 = i.body_sha256) is null
            ),
            per_resource as (
                select distinct on (tenant_id, resource_type, resource_id)
                       tenant_id, resource_type, resource_id, id as last_delivery_id, received_at,
                       count(*) over (partition by tenant_id, resource_type, resource_id) as events
                  from fresh
                 order by tenant_id, resource_type, resource_id, ord desc
            ),
            job as (
                insert into queue_job as j (tenant_id, resource_type, resource_id, state, trigger, max_attempts, events,
                                            last_delivery_id, scheduled_at, created_at, updated_at)
                select tenant_id, resource_type, resource_id, 'available', 'webhook', ?, events,
                       last_delivery_id, received_at, received_at, received_at
                  from per_resource
                 order by tenant_id, resource_type, resource_id
            """ + JobStore.ENQUEUE_MANY_ON_CONFLICT + """
            )
            insert into webhook_delivery (id, tenant_id, webhook_id, delivery_id, topic, resource_type, resource_id, source,
                                          headers, body, body_sha256, received_at, job_id)
            select f.id, f.tenant_id, f.webhook_id, f.delivery_id, f.topic, f.resource_type, f.resource_id, f.source,
                   f.headers::jsonb, f.body, f.body_sha256, f.received_at, job.id
              from fresh f
              join job on job.tenant_id = f.tenant_id and job.resource_type = f.resource_type and job.resource_id = f.resource_id
            on conflict on constraint webhook_delivery_once do nothing
            returning id, job_id, tenant_id, webhook_id, topic, body_sha256
            """;

    static final String RECORD_EVENT = """
            insert into webhook_event (tenant_id, kind, webhook_id, topic, reason, source_address, body_sha256, body_length, received_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    static final String FIND = """
            select id, tenant_id, webhook_id, delivery_id, topic, resource_type, resource_id, headers::text, body, received_at, job_id
              from webhook_delivery where tenant_id = ? and id = ?
            """;

    static final String PURGE_DELIVERIES = """
            delete from webhook_delivery where id in (select id from webhook_delivery where received_at < ? limit ?)
            """;
    static final String PURGE_EVENTS = """
            delete from webhook_event where id in (select id from webhook_event where received_at < ? limit ?)
            """;

    /** A delivery as received and checked. */
    record Incoming(long tenantId, long webhookId, String deliveryId, String topic, String resourceType, String resourceId,
                    String source, String headersJson, byte[] body, byte[] bodySha256, Instant receivedAt) {
    }

    /** Stored with its job, or a duplicate (nothing stored). */
    record Stored(long deliveryId, long jobId) {
    }

    private final AgroalDataSource dataSource;
    private final RetryPolicy retryPolicy;

    public DeliveryStore(AgroalDataSource dataSource, RetryPolicy retryPolicy) {
        this.dataSource = dataSource;
        this.retryPolicy = retryPolicy;
    }

    /**
     * Stores several deliveries with their jobs in ONE statement, so one transaction (the
     * {@link DeliveryWriter}'s group commit): all or none. Results in the order given; empty for
     * an identical re-delivery, also of one earlier in the same batch.
     */
    List<Optional<Stored>> storeAndEnqueue(List<Incoming> batch) throws SQLException {
        if (batch.size() == 1) {
            return List.of(storeOne(batch.get(0)));
        }
        // Identical re-deliveries within the batch: only the first is written, the others are duplicates.
        Map<String, Integer> firstOfKey = new HashMap<>();
        List<Incoming> unique = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (firstOfKey.putIfAbsent(onceKey(batch.get(i)), i) == null) {
                unique.add(batch.get(i));
            }
        }
        Map<String, Stored> stored = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(STORE_AND_ENQUEUE_MANY)) {
            bindMany(c, ps, unique, retryPolicy.maxAttempts());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(onceKey(rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getBytes(6)),
                            new Stored(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        List<Optional<Stored>> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String key = onceKey(batch.get(i));
            results.add(firstOfKey.get(key) == i ? Optional.ofNullable(stored.get(key)) : Optional.empty());
        }
        return results;
    }

    /**
     * Binds {@link #STORE_AND_ENQUEUE_MANY}'s parameters: one array per column, one element per
     * delivery. Also used by bench/StatementLoop, so that it measures exactly this statement.
     */
    static void bindMany(Connection c, PreparedStatement ps, List<Incoming> deliveries, int maxAttempts) throws SQLException {
        int n = deliveries.size();
        Long[] tenant = new Long[n];
        Long[] webhook = new Long[n];
        String[] deliveryId = new String[n];
        String[] topic = new String[n];
        String[] resourceType = new String[n];
        String[] resourceId = new String[n];
        String[] source = new String[n];
        String[] headers = new String[n];
        byte[][] body = new byte[n][];
        byte[][] sha = new byte[n][];
        String[] received = new String[n];
        for (int i = 0; i < n; i++) {
            Incoming d = deliveries.get(i);
            tenant[i] = d.tenantId();
            webhook[i] = d.webhookId();
            deliveryId[i] = d.deliveryId();
            topic[i] = d.topic();
            resourceType[i] = d.resourceType();
            resourceId[i] = d.resourceId();
            source[i] = d.source();
            headers[i] = d.headersJson();
            body[i] = d.body();
            sha[i] = d.bodySha256();
            received[i] = d.receivedAt().toString();
        }
        int p = 1;
        ps.setArray(p++, c.createArrayOf("bigint", tenant));
        ps.setArray(p++, c.createArrayOf("bigint", webhook));
        ps.setArray(p++, c.createArrayOf("text", deliveryId));
        ps.setArray(p++, c.createArrayOf("text", topic));
        ps.setArray(p++, c.createArrayOf("text", resourceType));
        ps.setArray(p++, c.createArrayOf("text", resourceId));
        ps.setArray(p++, c.createArrayOf("text", source));
        ps.setArray(p++, c.createArrayOf("text", headers));
        ps.setArray(p++, c.createArrayOf("bytea", body));
        ps.setArray(p++, c.createArrayOf("bytea", sha));
        ps.setArray(p++, c.createArrayOf("text", received));
        ps.setInt(p, maxAttempts);
    }

    /** One delivery: the single-row statement (cheaper than the arrays when there is nothing to batch). */
    private Optional<Stored> storeOne(Incoming d) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(STORE_AND_ENQUEUE)) {
            bind(ps, d);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** The identity of constraint webhook_delivery_once (its resource columns follow from the body, so they add nothing here). */
    private static String onceKey(Incoming d) {
        return onceKey(d.tenantId(), d.webhookId(), d.topic(), d.bodySha256());
    }

    private static String onceKey(long tenantId, long webhookId, String topic, byte[] bodySha256) {
        return tenantId + "|" + webhookId + "|" + topic + "|" + HexFormat.of().formatHex(bodySha256);
    }

    private void bind(PreparedStatement ps, Incoming d) throws SQLException {
        Timestamp received = Timestamp.from(d.receivedAt());
        int i = 1;
        ps.setLong(i++, d.tenantId());
        ps.setString(i++, d.resourceType());
        ps.setString(i++, d.resourceId());
        ps.setInt(i++, retryPolicy.maxAttempts());
        ps.setTimestamp(i++, received);
        ps.setTimestamp(i++, received);
        ps.setTimestamp(i++, received);
        ps.setLong(i++, d.tenantId());
        ps.setString(i++, d.resourceType());
        ps.setString(i++, d.resourceId());
        ps.setLong(i++, d.webhookId());
        ps.setString(i++, d.topic());
        ps.setBytes(i++, d.bodySha256());
        ps.setLong(i++, d.tenantId());
        ps.setLong(i++, d.webhookId());
        ps.setString(i++, d.deliveryId());
        ps.setString(i++, d.topic());
        ps.setString(i++, d.resourceType());
        ps.setString(i++, d.resourceId());
        ps.setString(i++, d.source());
        ps.setString(i++, d.headersJson());
        ps.setBytes(i++, d.body());
        ps.setBytes(i++, d.bodySha256());
        ps.setTimestamp(i, received);
    }

    /** Records a ping ("connected") or a rejected attempt; never the body, only its hash and length. */
    void recordEvent(long tenantId, String kind, Long webhookId, String topic, String reason, String sourceAddress,
                     byte[] bodySha256, Integer bodyLength, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RECORD_EVENT)) {
            ps.setLong(1, tenantId);
            ps.setString(2, kind);
            if (webhookId == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, webhookId);
            }
            ps.setString(4, topic == null ? null : topic.substring(0, Math.min(64, topic.length())));
            ps.setString(5, reason);
            ps.setString(6, sourceAddress == null ? null : sourceAddress.substring(0, Math.min(100, sourceAddress.length())));
            ps.setBytes(7, bodySha256);
            if (bodyLength == null) {
                ps.setNull(8, Types.INTEGER);
            } else {
                ps.setInt(8, bodyLength);
            }
            ps.setTimestamp(9, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    /** A stored delivery of this tenant (for the sync engine: the payload WooCommerce sent). */
    public Optional<StoredDelivery> find(long tenantId, long deliveryId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setLong(1, tenantId);
            ps.setLong(2, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long job = rs.getLong(11);
                Long jobId = rs.wasNull() ? null : job;
                return Optional.of(new StoredDelivery(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getTimestamp(10).toInstant(), jobId));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read webhook delivery " + deliveryId + ": " + e.getMessage(), e);
        }
    }

    int purgeDeliveries(Instant before, int batch) throws SQLException {
        return purge(PURGE_DELIVERIES, before, batch);
    }

    int purgeEvents(Instant before, int batch) throws SQLException {
        return purge(PURGE_EVENTS, before, batch);
    }

    private int purge(String sql, Instant before, int batch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        }
    }
}

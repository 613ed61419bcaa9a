package io.woosync.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sync log: one row per attempt (written by the worker in the transaction that records the
 * attempt's outcome) plus any extra rows a handler writes through {@link JobContext#log}.
 * Payloads pass through {@link PayloadRedactor}: secrets masked, size capped.
 */
@ApplicationScoped
public class SyncLog {

    static final String INSERT = """
            insert into sync_log (tenant_id, job_id, sync_type, woo_record_id, odoo_record_id, status, error_message,
                                  request_payload, response_payload, logged_at, retry_count, trigger, triggered_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    static final String LIST = """
            select id, job_id, sync_type, woo_record_id, odoo_record_id, status, error_message, request_payload,
                   response_payload, logged_at, retry_count, trigger, triggered_by
              from sync_log where tenant_id = ? and (?::bigint is null or job_id = ?::bigint)
             order by logged_at desc, id desc limit ?
            """;

    static final String PURGE = """
            delete from sync_log where id in (select id from sync_log where logged_at < ? limit ?)
            """;

    /** A sync-log row as the admin API shows it. */
    @RegisterForReflection
    public record Row(long id, Long jobId, String syncType, String wooRecordId, String odooRecordId, SyncStatus status,
                      String errorMessage, String requestPayload, String responsePayload, Instant loggedAt,
                      int retryCount, JobTrigger trigger, String triggeredBy) {
    }

    private final AgroalDataSource dataSource;
    private final PayloadRedactor redactor;
    private final Clock clock;
    private final int payloadLimit;

    public SyncLog(AgroalDataSource dataSource, ObjectMapper mapper, Clock clock, QueueConfig config) {
        this.dataSource = dataSource;
        this.redactor = new PayloadRedactor(mapper);
        this.clock = clock;
        this.payloadLimit = config.syncLogPayloadLimit();
    }

    /**
     * Writes one row in the caller's transaction (or on its own when there is none).
     *
     * @param jobId       the job, or null for a row not tied to a job
     * @param retryCount  how many times this sync has been retried (attempt - 1)
     * @param triggeredBy the user behind a manual trigger, or null for the service itself
     */
    public void write(long tenantId, Long jobId, SyncLogEntry entry, int retryCount, JobTrigger trigger, String triggeredBy) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, tenantId);
            if (jobId == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, jobId);
            }
            ps.setString(3, PayloadRedactor.cap(entry.syncType(), 32));
            ps.setString(4, entry.wooRecordId());
            ps.setString(5, entry.odooRecordId());
            ps.setString(6, entry.status().name());
            ps.setString(7, entry.errorMessage() == null ? null
                    : PayloadRedactor.cap(PayloadRedactor.redactText(entry.errorMessage()), payloadLimit));
            ps.setString(8, redactor.redact(entry.requestPayload(), payloadLimit));
            ps.setString(9, redactor.redact(entry.responsePayload(), payloadLimit));
            ps.setTimestamp(10, Timestamp.from(clock.instant()));
            ps.setInt(11, Math.max(0, retryCount));
            ps.setString(12, trigger.name());
            ps.setString(13, triggeredBy == null ? "system" : triggeredBy);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new QueueStoreException("write sync log", e);
        }
    }

    /** The latest rows of a tenant, optionally of one job. */
    public List<Row> list(long tenantId, Long jobId, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LIST)) {
            ps.setLong(1, tenantId);
            if (jobId == null) {
                ps.setNull(2, Types.BIGINT);
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(2, jobId);
                ps.setLong(3, jobId);
            }
            ps.setInt(4, limit);
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long job = rs.getLong(2);
                    Long jobValue = rs.wasNull() ? null : job;
                    out.add(new Row(rs.getLong(1), jobValue, rs.getString(3), rs.getString(4), rs.getString(5),
                            SyncStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getTimestamp(10).toInstant(), rs.getInt(11), JobTrigger.valueOf(rs.getString(12)), rs.getString(13)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new QueueStoreException("read sync log", e);
        }
    }

    /** Deletes up to {@code batch} rows logged before {@code before}; returns how many. */
    int purge(Instant before, int batch) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PURGE)) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not purge the sync log: " + e.getMessage(), e);
        }
    }
}

package io.woosync;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One prepared statement on its own connection, for the stores that keep their SQL as plain JDBC
 * ({@code woo.WooStore}, {@code sync.SyncStore}). Each store still owns its SQL; this owns only the
 * open-bind-run-close plumbing and turns an {@link SQLException} into an unchecked one naming the
 * store. (The queue's {@code JobStore} keeps its own variant: it classifies database failures for
 * the retry policy.)
 */
public final class JdbcStatements {

    /** Sets a statement's parameters. */
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row. */
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Reads the current row for its side effects. */
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private JdbcStatements() {
    }

    public static <T> List<T> query(DataSource dataSource, String store, String sql, Binder binder, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        forEachRow(dataSource, store, sql, binder, rs -> out.add(mapper.map(rs)));
        return out;
    }

    public static void forEachRow(DataSource dataSource, String store, String sql, Binder binder, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(store + " query failed: " + e.getMessage(), e);
        }
    }

    public static int update(DataSource dataSource, String store, String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(store + " update failed: " + e.getMessage(), e);
        }
    }
}

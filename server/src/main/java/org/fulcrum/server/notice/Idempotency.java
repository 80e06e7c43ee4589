package org.fulcrum.server.notice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Tx;

/**
 * Idempotency keys for create endpoints ({@code Idempotency-Key} header). The first answer is
 * stored with the request's digest in the same transaction as the change it reports, so a retry
 * with the same key and body gets the same answer and changes nothing; the same key with another
 * body is a conflict.
 */
public final class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private Idempotency() {}

    /** A stored answer. */
    public record Stored(int status, String response) {}

    /** Checks the header value; absent is allowed. */
    public static Optional<String> key(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(header).matches()) {
            throw new FulcrumException.InvalidInput(HEADER, "must be 1-128 visible ASCII characters");
        }
        return Optional.of(header);
    }

    public static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String digest(String body) {
        return digest(body.getBytes(StandardCharsets.UTF_8));
    }

    private static final String FIND =
            "SELECT request_sha, status, response FROM idempotency WHERE scope = ? AND key = ?";
    private static final String STORE = """
            INSERT INTO idempotency (scope, key, request_sha, status, response, created_at)
            VALUES (?, ?, ?, ?, ?, ?)""";

    /** The answer stored for {@code key} in {@code scope}, or empty; a different body is a conflict. */
    public static Optional<Stored> find(Tx tx, String scope, String key, String requestSha) {
        PreparedStatement find = tx.prepared(FIND);
        try {
            find.setString(1, scope);
            find.setString(2, key);
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!rs.getString("request_sha").equals(requestSha)) {
                    throw new FulcrumException.Conflict(
                            "the Idempotency-Key " + key + " was already used for a different request");
                }
                return Optional.of(new Stored(rs.getInt("status"), rs.getString("response")));
            }
        } catch (SQLException e) {
            throw new Tx.SqlFailure(FIND, e);
        }
    }

    /** An answer as JSON, and whether it replays the first answer to the same key. */
    public record Answer(int status, String json, boolean replayed) {}

    /** Work whose answer is remembered under an idempotency key. */
    @FunctionalInterface
    public interface Work {
        String run(Tx tx) throws Exception;
    }

    /**
     * Runs {@code work} in one write unit unless {@code key} already has an answer, which is then
     * replayed; the new answer is stored in the same unit as the change it reports. The unit is run
     * again if PostgreSQL rolls it back in a deadlock ({@link org.fulcrum.server.store.Retries}):
     * {@code work} must change nothing outside the transaction.
     */
    public static Answer run(
            org.fulcrum.server.store.Database db,
            String scope,
            Optional<String> key,
            String requestSha,
            int status,
            Work work) {
        // Run again after a deadlock with another node's writes: the work only writes rows, and a
        // key another node answered meanwhile is then found and replayed.
        return db.writeRetrying(tx -> {
            if (key.isPresent()) {
                Optional<Stored> stored = find(tx, scope, key.get(), requestSha);
                if (stored.isPresent()) {
                    return new Answer(stored.get().status(), stored.get().response(), true);
                }
            }
            String json = work.run(tx);
            if (key.isPresent()) {
                store(tx, scope, key.get(), requestSha, status, json);
            }
            return new Answer(status, json, false);
        });
    }

    public static void store(Tx tx, String scope, String key, String requestSha, int status, String response) {
        PreparedStatement store = tx.prepared(STORE);
        try {
            store.setString(1, scope);
            store.setString(2, key);
            store.setString(3, requestSha);
            store.setInt(4, status);
            store.setString(5, response);
            store.setLong(6, tx.now().toEpochMilli());
            store.executeUpdate();
        } catch (SQLException e) {
            throw new Tx.SqlFailure(STORE, e);
        }
    }
}

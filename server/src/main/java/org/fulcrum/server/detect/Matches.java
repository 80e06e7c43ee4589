package org.fulcrum.server.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.statement.Query;

/** Reads of the match record: by hunt, by detector, by subject, newest first. */
final class Matches {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Database db;
    private final Json json;

    Matches(Database db, Json json) {
        this.db = db;
        this.json = json;
    }

    List<RetroHunts.Match> list(
            Optional<String> huntId, Optional<String> detectorId, Optional<String> subjectId, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, event_id, subject_id, detector_kind, detector_name, distance, evidence, outcome, ref, created_at
                FROM detection_match WHERE 1 = 1""");
        huntId.ifPresent(x -> sql.append(" AND hunt_id = :hunt"));
        detectorId.ifPresent(x -> sql.append(" AND detector_id = :detector"));
        subjectId.ifPresent(x -> sql.append(" AND subject_id = :subject"));
        if (huntId.isEmpty()) {
            sql.append(" AND hunt_id IS NULL");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        return db.read(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            huntId.ifPresent(x -> q.bind("hunt", x));
            detectorId.ifPresent(x -> q.bind("detector", x));
            subjectId.ifPresent(x -> q.bind("subject", x));
            return q.map((rs, ctx) -> {
                        return new RetroHunts.Match(
                                rs.getString("id"),
                                Optional.ofNullable(rs.getString("event_id")),
                                rs.getString("subject_id"),
                                Detector.Kind.valueOf(rs.getString("detector_kind")),
                                rs.getString("detector_name"),
                                Columns.optionalInt(rs, "distance"),
                                evidence(rs.getString("evidence")),
                                rs.getString("outcome"),
                                Optional.ofNullable(rs.getString("ref")),
                                Instant.ofEpochMilli(rs.getLong("created_at")));
                    })
                    .list();
        });
    }

    private Map<String, Object> evidence(String stored) {
        try {
            return json.read(stored, MAP);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Map.of("unreadable", stored);
        }
    }
}

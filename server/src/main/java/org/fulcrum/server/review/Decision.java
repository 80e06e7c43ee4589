package org.fulcrum.server.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.store.Columns;

/**
 * A decision as recorded.
 *
 * @param id the decision id
 * @param caseId the case decided, if the decision followed notices
 * @param subjectId the subject decided on
 * @param decidedBy the moderator ("staff:...") or "automation"
 * @param outcome "action" or "no_action"
 * @param groundKind "policy" (incompatible with the terms) or "legal" (illegal content)
 * @param ground the clause or legal provision
 * @param explanation why the content breaches it
 * @param category the DSA category
 * @param facts the facts and circumstances
 * @param territorialScope where it applies; empty for everywhere
 * @param until when it ends
 * @param automatedDetection whether detection was automated
 * @param automatedDecision how far the decision was automated
 * @param manifestlyUnfounded whether the notices were found manifestly unfounded
 * @param sourceType the DSA source type
 * @param contentType the DSA content types given by the moderator, if any
 * @param contentTypeOther the description for CONTENT_TYPE_OTHER
 * @param reversedBy the appeal that reversed it
 * @param createdAt when it was taken
 */
public record Decision(
        String id,
        Optional<String> caseId,
        String subjectId,
        String decidedBy,
        String outcome,
        String groundKind,
        String ground,
        Optional<String> explanation,
        DsaCategory category,
        String facts,
        List<String> territorialScope,
        Optional<Instant> until,
        boolean automatedDetection,
        DecisionRequest.AutomatedDecision automatedDecision,
        boolean manifestlyUnfounded,
        String sourceType,
        List<DecisionRequest.ContentType> contentType,
        Optional<String> contentTypeOther,
        Optional<String> reversedBy,
        Instant createdAt) {

    static final String COLUMNS = """
            id, case_id, subject_id, decided_by, outcome, ground_kind, ground, explanation, category, facts,
            territorial_scope, until_at, automated_detection, automated_decision, manifestly_unfounded, source_type,
            content_type, content_type_other, reversed_by, created_at""";

    public boolean illegal() {
        return groundKind.equals("legal");
    }

    static Decision map(ResultSet rs) throws SQLException {
        return new Decision(
                rs.getString("id"),
                Optional.ofNullable(rs.getString("case_id")),
                rs.getString("subject_id"),
                rs.getString("decided_by"),
                rs.getString("outcome"),
                rs.getString("ground_kind"),
                rs.getString("ground"),
                Optional.ofNullable(rs.getString("explanation")),
                DsaCategory.valueOf(rs.getString("category")),
                rs.getString("facts"),
                split(rs.getString("territorial_scope")),
                Columns.optionalInstant(rs, "until_at"),
                rs.getInt("automated_detection") == 1,
                DecisionRequest.AutomatedDecision.valueOf(rs.getString("automated_decision")),
                rs.getInt("manifestly_unfounded") == 1,
                rs.getString("source_type"),
                split(rs.getString("content_type")).stream()
                        .map(DecisionRequest.ContentType::valueOf)
                        .toList(),
                Optional.ofNullable(rs.getString("content_type_other")),
                Optional.ofNullable(rs.getString("reversed_by")),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }
}

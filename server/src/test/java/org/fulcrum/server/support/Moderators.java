package org.fulcrum.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.auth.Role;

/** Staff sessions and common moderation calls for HTTP tests. */
public final class Moderators {
    private final TestApp app;
    private final StaffSessions sessions;

    public Moderators(TestApp app) {
        this.app = app;
        this.sessions = new StaffSessions(app.app());
    }

    /** A signed-in moderator's HTTP client. */
    public Http moderator(String username) {
        return app.http().session(sessions.signIn(username, Role.MODERATOR));
    }

    public Http admin(String username) {
        return app.http().session(sessions.signIn(username, Role.ADMIN, Role.MODERATOR));
    }

    public StaffSessions sessions() {
        return sessions;
    }

    /** A decision that removes the subject under a terms-of-service clause. */
    public static Map<String, Object> remove(String clause) {
        return decision(clause, List.of(Map.of("type", "remove")));
    }

    public static Map<String, Object> decision(String clause, List<Object> actions) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("policyClause", clause);
        d.put("facts", "The post advertises a fraudulent investment scheme.");
        d.put("actions", actions);
        return d;
    }

    public static Map<String, Object> noAction(boolean manifestlyUnfounded) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("policyClause", "Community guidelines 1.1");
        d.put("facts", "The post is an ordinary holiday photo.");
        d.put("actions", List.of());
        d.put("manifestlyUnfounded", manifestlyUnfounded);
        return d;
    }

    /** Claims then decides {@code caseId}; returns the decision answer. */
    public static JsonNode claimAndDecide(Http moderator, String caseId, Map<String, Object> decision) {
        Http.Response claim = moderator.post("/v1/review/cases/" + caseId + "/claim");
        if (claim.status() != 200) {
            throw new AssertionError("claim failed: " + claim.status() + " " + claim.body());
        }
        Http.Response r = moderator.postJson("/v1/review/cases/" + caseId + "/decision", decision);
        if (r.status() != 201) {
            throw new AssertionError("decision failed: " + r.status() + " " + r.body());
        }
        return r.json();
    }
}

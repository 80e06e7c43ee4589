package org.fulcrum.server.transparency;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.EnforcementState;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Tx;

/**
 * Appends every enforcement action to the log in the transaction that applies it, whatever its
 * origin (moderation, lawful order, detection, appeal). The public part says what kind of thing was
 * done to what kind of subject and where; who and which subject stay behind the commitment.
 */
public final class ActionLog implements Enforcement.ActionListener {
    private final TransparencyLog log;

    public ActionLog(TransparencyLog log) {
        this.log = log;
    }

    @Override
    public void applied(Tx tx, Action action, Subject before, EnforcementState after) {
        Map<String, Object> pub = new LinkedHashMap<>();
        pub.put("type", action.type().name());
        pub.put("origin", action.origin());
        pub.put("subjectKind", before.kind().name());
        pub.put("countries", action.countries());
        pub.put("reversal", action.reverses().isPresent());
        pub.put("reach", reachBand(before.audience()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("actionId", action.id());
        details.put("subjectId", action.subjectId());
        details.put("actor", action.actor());
        details.put("reason", action.reason());
        action.originRef().ifPresent(r -> details.put("originRef", r));
        action.reverses().ifPresent(r -> details.put("reverses", r));
        String subjectRef = before.kind() == SubjectKind.account
                ? before.id()
                : before.authorId().orElse(before.id());
        log.append(
                tx,
                LogEntry.of(
                        EntryKind.action, action.at(), null, null, action.type().name(), pub, details, subjectRef));
    }

    /** Reach in decades (0: under 10, 1: under 100, ...), public without identifying the subject. */
    static int reachBand(long audience) {
        int band = 0;
        for (long a = audience; a >= 10; a /= 10) {
            band++;
        }
        return band;
    }
}

package org.fulcrum.server.lawful.request;

import java.util.List;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * What a request concerns: content, channels or groups named by locator, and accounts by platform id.
 *
 * @param targets content, channels or groups named by locator and, if known, platform id
 * @param accounts accounts named by platform id
 */
public record Targets(List<Submission.Target> targets, List<String> accounts) {
    public Targets {
        targets = Parts.list(targets);
        accounts = Parts.list(accounts);
        if (targets.size() > Submission.MAX_TARGETS || accounts.size() > Submission.MAX_TARGETS) {
            throw new InvalidInput(
                    targets.size() > Submission.MAX_TARGETS ? "targets" : "accounts",
                    "must name at most " + Submission.MAX_TARGETS + " items");
        }
        for (int i = 0; i < accounts.size(); i++) {
            Check.id("accounts[" + i + "]", accounts.get(i));
        }
    }
}

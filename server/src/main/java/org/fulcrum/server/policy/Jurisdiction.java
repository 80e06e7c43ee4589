package org.fulcrum.server.policy;

import java.util.List;

/**
 * One jurisdiction's profile, resolved from the jurisdictions file.
 *
 * @param code ISO 3166-1 alpha-2 code, or "*" for the fallback profile
 * @param entity who answers for it
 * @param tier the safeguards tier the operator set
 * @param process what the tier means for the process
 * @param instruments the instruments recognised from this jurisdiction
 * @param locallyIllegal categories of content illegal only here
 */
public record Jurisdiction(
        String code,
        LegalEntity entity,
        String tier,
        TierProcess process,
        List<String> instruments,
        List<String> locallyIllegal) {
    public Jurisdiction {
        instruments = List.copyOf(instruments);
        locallyIllegal = List.copyOf(locallyIllegal);
    }
}

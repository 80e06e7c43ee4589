package org.fulcrum.server.policy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The jurisdictions file as written: tiers, answering entities, instrument groups, what establishes
 * judicial authorisation under each instrument, and profiles.
 *
 * @param judicialAuthorisation per instrument, the elements whose presence shows that a judge or a
 *     court issued or validated the request (all of them needed); an instrument not listed is not judicial
 */
public record JurisdictionsFile(
        Map<String, TierProcess> tiers,
        List<LegalEntity> entities,
        Map<String, List<String>> groups,
        Map<String, List<String>> judicialAuthorisation,
        List<Entry> jurisdictions) {

    /** Profiles shared by a list of codes. */
    public record Entry(
            List<String> codes, String entity, String tier, String instruments, List<String> locallyIllegal) {
        public Entry {
            PolicyInvalid.require(codes != null && !codes.isEmpty(), "a jurisdiction entry lists no codes");
            codes = List.copyOf(codes);
            for (String c : codes) {
                PolicyInvalid.require(
                        c.equals("*") || c.matches("[A-Z]{2}"),
                        "jurisdiction code '" + c + "' must be ISO 3166-1 alpha-2 in upper case, or *");
            }
            locallyIllegal = locallyIllegal == null ? List.of() : List.copyOf(locallyIllegal);
        }
    }

    public JurisdictionsFile {
        PolicyInvalid.require(tiers != null && !tiers.isEmpty(), "the jurisdictions file defines no tiers");
        PolicyInvalid.require(entities != null && !entities.isEmpty(), "the jurisdictions file defines no entities");
        PolicyInvalid.require(jurisdictions != null && !jurisdictions.isEmpty(), "the jurisdictions file lists none");
        tiers = new TreeMap<>(tiers);
        entities = List.copyOf(entities);
        groups = groups == null ? Map.of() : new TreeMap<>(groups);
        judicialAuthorisation = judicialAuthorisation == null ? Map.of() : new TreeMap<>(judicialAuthorisation);
        judicialAuthorisation.forEach((instrument, elements) -> PolicyInvalid.require(
                elements != null && !elements.isEmpty(),
                "judicial_authorisation of " + instrument
                        + " names no element; leave the instrument out if it is not judicial"));
        jurisdictions = List.copyOf(jurisdictions);
    }

    /** Every profile by code; "*" is the fallback and must exist. */
    public Map<String, Jurisdiction> resolve() {
        Map<String, LegalEntity> byId = new HashMap<>();
        for (LegalEntity e : entities) {
            PolicyInvalid.require(byId.put(e.id(), e) == null, "entity '" + e.id() + "' is defined twice");
        }
        Map<String, Jurisdiction> out = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Entry j : jurisdictions) {
            LegalEntity entity = byId.get(j.entity());
            PolicyInvalid.require(
                    entity != null, "jurisdictions " + j.codes() + " name unknown entity '" + j.entity() + "'");
            TierProcess process = tiers.get(j.tier());
            PolicyInvalid.require(
                    process != null, "jurisdictions " + j.codes() + " name unknown tier '" + j.tier() + "'");
            List<String> instruments = groups.get(j.instruments());
            PolicyInvalid.require(
                    instruments != null,
                    "jurisdictions " + j.codes() + " name unknown instrument group '" + j.instruments() + "'");
            for (String code : j.codes()) {
                PolicyInvalid.require(seen.add(code), "jurisdiction " + code + " is listed twice");
                out.put(code, new Jurisdiction(code, entity, j.tier(), process, instruments, j.locallyIllegal()));
            }
        }
        PolicyInvalid.require(out.containsKey("*"), "the jurisdictions file needs a fallback profile with code \"*\"");
        return out;
    }
}

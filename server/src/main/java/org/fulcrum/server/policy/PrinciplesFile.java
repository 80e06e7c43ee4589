package org.fulcrum.server.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The principles file as written: named lists that conditions may refer to, and the principles
 * in their order of precedence.
 */
public record PrinciplesFile(Map<String, List<String>> lists, List<Principle> principles) {
    public PrinciplesFile {
        lists = lists == null ? Map.of() : new TreeMap<>(lists);
        lists.replaceAll((k, v) -> v == null ? List.of() : List.copyOf(v));
        PolicyInvalid.require(principles != null && !principles.isEmpty(), "the principles file has no principles");
        principles = List.copyOf(principles);
        Set<String> ids = new HashSet<>();
        for (Principle p : principles) {
            PolicyInvalid.require(ids.add(p.id()), "principle id '" + p.id() + "' is used twice");
            for (Rule r : p.rules()) {
                PolicyInvalid.require(ids.add(r.id()), "rule id '" + r.id() + "' is used twice");
            }
        }
    }

    /** The 1-based position of a principle, as the spec numbers them. */
    public int number(String principleId) {
        for (int i = 0; i < principles.size(); i++) {
            if (principles.get(i).id().equals(principleId)) {
                return i + 1;
            }
        }
        return 0;
    }
}

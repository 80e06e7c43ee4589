package org.fulcrum.server.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * A domain block list: a host matches when it is a listed domain or a subdomain of one
 * ("cdn.evil.example" matches "evil.example"; "notevil.example" does not). Each host costs one
 * hash lookup per label.
 */
final class DomainMatcher implements TextMatcher {
    private final Map<String, String> domains;

    private DomainMatcher(Map<String, String> domains) {
        this.domains = domains;
    }

    static DomainMatcher compile(List<String> entries) {
        Map<String, String> domains = HashMap.newHashMap(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            try {
                domains.putIfAbsent(Hosts.normaliseDomain(entries.get(i)), entries.get(i));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("patterns[" + i + "]", e.getMessage());
            }
        }
        return new DomainMatcher(domains);
    }

    @Override
    public String find(ScanText text) {
        for (String host : text.hosts()) {
            String hit = listed(host);
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }

    /** The list entry {@code host} falls under, or null. */
    String listed(String host) {
        String h = host;
        while (true) {
            String hit = domains.get(h);
            if (hit != null) {
                return hit;
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                return null;
            }
            h = h.substring(dot + 1);
        }
    }
}

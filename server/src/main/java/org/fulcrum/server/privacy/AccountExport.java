package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything Fulcrum holds about one account, as the data subject receives it: a readable summary
 * and one section per kind of record. Every record carries {@code ref}, the table and key it comes
 * from, so the export can be checked against the store. Records of other people (who reported the
 * account, which staff member decided) are left out, and so is what a law forbids revealing: requests
 * under a secrecy order until it expires, and reports to child-safety hotlines.
 *
 * @param format the export format's name
 * @param account the account
 * @param generatedAt when the export was made
 * @param summary the export in words
 * @param sections the records, by section name
 */
public record AccountExport(
        String format, String account, Instant generatedAt, List<String> summary, Map<String, Section> sections) {
    public static final String FORMAT = "fulcrum-account-export-v1";

    /**
     * One kind of record.
     *
     * @param title what the records are, in words
     * @param records the records; each has {@code ref}
     */
    public record Section(String title, List<Map<String, Object>> records) {
        public Section {
            records = List.copyOf(records);
        }
    }

    public AccountExport {
        summary = List.copyOf(summary);
        sections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
    }

    /** How many records the export holds. */
    public int records() {
        return sections.values().stream().mapToInt(s -> s.records().size()).sum();
    }

    /** Every record's {@code ref}. */
    public List<String> refs() {
        List<String> refs = new ArrayList<>();
        sections.values().forEach(s -> s.records().forEach(r -> refs.add((String) r.get("ref"))));
        return refs;
    }

    static List<String> summarise(String account, Instant at, Map<String, Section> sections) {
        List<String> lines = new ArrayList<>();
        lines.add("Export of the data Fulcrum holds about account " + account + ", made " + at + ".");
        int total = sections.values().stream().mapToInt(s -> s.records().size()).sum();
        if (total == 0) {
            lines.add("Fulcrum holds no data about this account.");
        }
        for (Section s : sections.values()) {
            int n = s.records().size();
            if (n > 0) {
                lines.add(s.title() + ": " + n + (n == 1 ? " record." : " records."));
            }
        }
        lines.add("Records about other people (who reported content, which staff member decided) are not included. "
                + "Where a law forbids it, records are withheld: lawful requests under a secrecy order until the order "
                + "ends, and reports made to child-safety hotlines.");
        lines.add(
                "Each record names its source ('ref'). Retention periods and legal holds decide how long each is kept.");
        return lines;
    }
}

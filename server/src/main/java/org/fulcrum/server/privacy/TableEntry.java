package org.fulcrum.server.privacy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One table as the table registry declares it.
 *
 * @param table the table
 * @param data what kind of personal data it holds
 * @param keys how a row is tied to a data subject (empty: it is not)
 * @param classes the retention classes that purge it (empty when a deadline of its own applies)
 * @param deadline its own deadline, when no retention class purges it
 * @param erasure what erasure does to a data subject's rows
 * @param export how the export shows it
 * @param about what it holds
 */
public record TableEntry(
        String table,
        PersonalData data,
        List<SubjectKey> keys,
        List<DataClass> classes,
        Optional<Deadline> deadline,
        Set<ErasureRule> erasure,
        Export export,
        String about) {
    public TableEntry {
        Objects.requireNonNull(table, "table");
        keys = List.copyOf(keys);
        classes = List.copyOf(classes);
        erasure = Set.copyOf(erasure);
        if (classes.isEmpty() == deadline.isEmpty()) {
            throw new IllegalArgumentException(table + ": retention is either retention classes or one deadline");
        }
        if (data == PersonalData.none
                && (!keys.isEmpty() || !erasure.equals(Set.of(ErasureRule.none)) || !classes.isEmpty())) {
            throw new IllegalArgumentException(
                    table + ": a table without personal data has no key, no retention " + "class and erasure 'none'");
        }
        if (erasure.contains(ErasureRule.none) && erasure.size() > 1) {
            throw new IllegalArgumentException(table + ": erasure 'none' goes alone");
        }
        if (!export.columns().isEmpty() && keys.isEmpty()) {
            throw new IllegalArgumentException(table + ": an exported column list needs a key to find the rows");
        }
    }

    /** Whether erasure deletes or rewrites the data subject's rows. */
    public boolean erased() {
        return erasure.contains(ErasureRule.delete) || erasure.contains(ErasureRule.anonymise);
    }

    /**
     * How the export shows a table: named sections of the exporter's own queries, or a section of the
     * listed columns read through the table's keys.
     *
     * @param sections the exporter's sections that show it
     * @param keyColumns for a section of columns: the columns that identify a row
     * @param columns for a section of columns: the other columns shown
     */
    public record Export(List<String> sections, List<String> keyColumns, List<String> columns) {
        public Export {
            sections = List.copyOf(sections);
            keyColumns = List.copyOf(keyColumns);
            columns = List.copyOf(columns);
            if (!sections.isEmpty() && !keyColumns.isEmpty()) {
                throw new IllegalArgumentException("sections or columns, not both");
            }
            if (keyColumns.isEmpty() != columns.isEmpty()) {
                throw new IllegalArgumentException("a column list names its key columns, a ';', then the others");
            }
        }

        static final Export NONE = new Export(List.of(), List.of(), List.of());

        /** Parses {@code -}, {@code a,b} (sections) or {@code [k1,k2; c1,c2]} (columns). */
        static Export parse(String text) {
            String t = text.strip();
            if (t.equals("-")) {
                return NONE;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                String[] parts = t.substring(1, t.length() - 1).split(";", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("'" + text + "': [key columns; other columns]");
                }
                return new Export(List.of(), names(parts[0]), names(parts[1]));
            }
            return new Export(names(t), List.of(), List.of());
        }

        private static List<String> names(String list) {
            List<String> out =
                    List.of(list.split(",")).stream().map(String::strip).toList();
            for (String n : out) {
                if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("'" + n + "' is not a name");
                }
            }
            return out;
        }
    }
}

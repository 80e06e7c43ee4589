package org.fulcrum.server.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one list of the database's tables ({@code privacy/tables.tsv}): for each, the personal data it
 * holds, how a row is tied to a data subject, what retention class or deadline applies, what erasure
 * does to it and how the export shows it. The purge, the export and erasure work from it, and a test
 * compares it with the tables the migrations create, so a new table cannot go unclassified.
 */
public final class TableRegistry {
    /** The registry as shipped. */
    public static final String RESOURCE = "privacy/tables.tsv";

    private static final List<String> HEADER =
            List.of("table", "data", "key", "retention", "erasure", "export", "about");

    private final Map<String, TableEntry> entries;

    private TableRegistry(List<TableEntry> entries) {
        Map<String, TableEntry> byName = new LinkedHashMap<>();
        for (TableEntry e : entries) {
            if (byName.putIfAbsent(e.table(), e) != null) {
                throw new IllegalArgumentException(RESOURCE + ": " + e.table() + " is listed twice");
            }
        }
        for (DataClass c : DataClass.values()) {
            if (entries.stream().noneMatch(e -> e.classes().contains(c))) {
                throw new IllegalArgumentException(RESOURCE + ": no table is kept under the retention class " + c);
            }
        }
        this.entries = java.util.Collections.unmodifiableMap(byName);
    }

    /** The shipped registry. */
    public static TableRegistry shipped() {
        try (InputStream in = TableRegistry.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static TableRegistry parse(String text) {
        List<TableEntry> entries = new ArrayList<>();
        boolean header = false;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = Arrays.asList(line.split("\t", -1));
            if (!header) {
                if (!cells.equals(HEADER)) {
                    throw new IllegalArgumentException(RESOURCE + ":" + n + ": the header must be " + HEADER);
                }
                header = true;
                continue;
            }
            if (cells.size() != HEADER.size()) {
                throw new IllegalArgumentException(RESOURCE + ":" + n + ": " + HEADER.size() + " tab-separated cells "
                        + "expected, found " + cells.size());
            }
            try {
                entries.add(entry(cells));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(RESOURCE + ":" + n + ": " + e.getMessage(), e);
            }
        }
        return new TableRegistry(entries);
    }

    private static TableEntry entry(List<String> c) {
        String table = c.get(0).strip();
        if (!table.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("'" + table + "' is not a table name");
        }
        PersonalData data = PersonalData.valueOf(c.get(1).strip());
        List<SubjectKey> keys = c.get(2).strip().equals("-")
                ? List.of()
                : Arrays.stream(c.get(2).split("\\|")).map(SubjectKey::parse).toList();
        List<DataClass> classes = new ArrayList<>();
        Optional<Deadline> deadline = Optional.empty();
        String retention = c.get(3).strip();
        if (Arrays.stream(Deadline.values()).anyMatch(d -> d.name().equals(retention))) {
            deadline = Optional.of(Deadline.valueOf(retention));
        } else {
            for (String name : retention.split(",")) {
                classes.add(DataClass.valueOf(name.strip()));
            }
        }
        Set<ErasureRule> erasure = EnumSet.noneOf(ErasureRule.class);
        for (String rule : c.get(4).split(",")) {
            erasure.add(ErasureRule.valueOf(rule.strip()));
        }
        return new TableEntry(
                table,
                data,
                keys,
                classes,
                deadline,
                erasure,
                TableEntry.Export.parse(c.get(5)),
                c.get(6).strip());
    }

    /** Every table, in the registry's order: a table comes before the tables it refers to. */
    public List<TableEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Set<String> tables() {
        return entries.keySet();
    }

    public Optional<TableEntry> entry(String table) {
        return Optional.ofNullable(entries.get(table));
    }

    /** The tables a retention class purges, in the registry's order. */
    public List<TableEntry> retainedBy(DataClass c) {
        return entries.values().stream().filter(e -> e.classes().contains(c)).toList();
    }

    /**
     * Whether {@code section} of the export may show {@code table}: the registry names the section on the
     * table's row. The exporter asks for every section it fills, so a query it runs is always declared.
     */
    public boolean exports(String table, String section) {
        TableEntry e = entries.get(table);
        return e != null
                && (e.export().sections().contains(section)
                        || !e.export().columns().isEmpty() && section.equals(sectionOf(table)));
    }

    /**
     * The registry as README shows it: the data classes, the retention classes, the deadlines of their
     * own and the erasure rules, each with its tables.
     */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| data class | what it is | tables |\n|---|---|---|\n");
        for (PersonalData d : PersonalData.values()) {
            md.append("| ")
                    .append(d.name())
                    .append(" | ")
                    .append(d.description())
                    .append(" | ")
                    .append(names(
                            entries.values().stream().filter(e -> e.data() == d).toList()))
                    .append(" |\n");
        }
        md.append("\n| retention class | default | floor | runs from / kept while | tables |\n|---|---|---|---|---|\n");
        for (DataClass c : DataClass.values()) {
            md.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(c.defaultPeriod())
                    .append(" | ")
                    .append(c.floor())
                    .append(" | ")
                    .append(c.anchor())
                    .append(" | ")
                    .append(names(retainedBy(c)))
                    .append(" |\n");
        }
        md.append("\n| deadline | meaning | tables |\n|---|---|---|\n");
        for (Deadline d : Deadline.values()) {
            md.append("| ")
                    .append(d.name())
                    .append(" | ")
                    .append(d.description())
                    .append(" | ")
                    .append(names(entries.values().stream()
                            .filter(e -> e.deadline().equals(Optional.of(d)))
                            .toList()))
                    .append(" |\n");
        }
        md.append("\n| on erasure | tables |\n|---|---|\n");
        for (ErasureRule r : ErasureRule.values()) {
            md.append("| ")
                    .append(r.name())
                    .append(" | ")
                    .append(names(entries.values().stream()
                            .filter(e -> e.erasure().contains(r))
                            .toList()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String names(List<TableEntry> entries) {
        return entries.stream().map(e -> "`" + e.table() + "`").sorted().collect(Collectors.joining(", "));
    }

    /** The name of the export section a column list makes: the table's name in camel case. */
    public static String sectionOf(String table) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : table.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }
}

package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Dialect;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The table registry against the schema the migrations make: every table is classified, every row
 * names a table and columns that exist, every key column can be found by an index; and the purge,
 * erasure and README agree with it.
 */
class TableRegistryTest {
    private static final TableRegistry REGISTRY = TableRegistry.shipped();

    @Nested
    class OnSqlite {
        @Test
        void everyTableTheMigrationsCreateIsClassifiedAndEveryClassifiedTableExists() throws IOException {
            try (Database db =
                    Database.open(TestApp.config(Files.createTempDirectory("fulcrum-registry")), Clock.systemUTC())) {
                compare(db);
            }
        }
    }

    @Nested
    class OnPostgres {
        @Test
        void everyTableTheMigrationsCreateIsClassifiedAndEveryClassifiedTableExists() throws IOException {
            Postgres.require();
            try (Database db = Database.open(
                    TestApp.config(Files.createTempDirectory("fulcrum-registry-pg"))
                            .withDatabase(Postgres.URL, "", "", Postgres.freshSchema()),
                    Clock.systemUTC())) {
                compare(db);
            }
        }
    }

    private static void compare(Database db) {
        Set<String> actual = new TreeSet<>(tables(db));
        assertThat(actual).as("tables in the migrated schema").hasSizeGreaterThan(60);
        Set<String> unclassified = new TreeSet<>(actual);
        unclassified.removeAll(REGISTRY.tables());
        Set<String> missing = new TreeSet<>(REGISTRY.tables());
        missing.removeAll(actual);
        assertThat(unclassified)
                .as("tables no row of " + TableRegistry.RESOURCE + " classifies")
                .isEmpty();
        assertThat(missing)
                .as("rows of " + TableRegistry.RESOURCE + " naming tables that do not exist")
                .isEmpty();

        List<String> wrong = new ArrayList<>();
        for (TableEntry e : REGISTRY.entries()) {
            Set<String> columns = columns(db, e.table());
            for (SubjectKey k : e.keys()) {
                if (!columns.contains(k.column())) {
                    wrong.add(e.table() + ": key column " + k.column() + " does not exist");
                }
                k.join().ifPresent(j -> {
                    Set<String> joined = columns(db, j.table());
                    if (!joined.contains(j.column()) || !joined.contains(j.subjectColumn())) {
                        wrong.add(e.table() + ": join " + k + " names columns " + j.table() + " does not have");
                    }
                });
                if (k.join().isEmpty() && !leadsAnIndex(db, e.table(), k.column())) {
                    wrong.add(e.table() + ": no index leads with the key column " + k.column());
                }
            }
            List<String> shown = new ArrayList<>(e.export().keyColumns());
            shown.addAll(e.export().columns());
            for (String c : shown) {
                if (!columns.contains(c)) {
                    wrong.add(e.table() + ": exported column " + c + " does not exist");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static List<String> tables(Database db) {
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        return db.read(
                h -> h.createQuery(sqlite ? """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND name NOT LIKE 'flyway_%'""" : """
                SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
                  AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'flyway_%'""").mapTo(String.class).list());
    }

    private static Set<String> columns(Database db, String table) {
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        List<String> columns = db.read(h -> h.createQuery(sqlite ? "SELECT name FROM pragma_table_info(:t)" : """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = :t""")
                .bind("t", table)
                .mapTo(String.class)
                .list());
        return new TreeSet<>(columns);
    }

    private static boolean leadsAnIndex(Database db, String table, String column) {
        if (db.dialect() == Dialect.SQLITE) {
            return db.read(h -> h.createQuery("""
                    SELECT COUNT(*) FROM pragma_index_list(:t) l, pragma_index_info(l.name) i
                    WHERE i.seqno = 0 AND i.name = :c""")
                            .bind("t", table)
                            .bind("c", column)
                            .mapTo(Integer.class)
                            .one())
                    > 0;
        }
        return db.read(h -> h.createQuery("""
                SELECT COUNT(*) FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
                WHERE n.nspname = current_schema() AND t.relname = :t AND a.attname = :c""")
                        .bind("t", table)
                        .bind("c", column)
                        .mapTo(Integer.class)
                        .one())
                > 0;
    }

    @Test
    void thePurgeAndErasureAcceptTheShippedRegistry() {
        Purges.check(REGISTRY);
        Erasure.check(REGISTRY);
        for (DataClass c : DataClass.values()) {
            assertThat(REGISTRY.retainedBy(c)).as("tables kept under " + c).isNotEmpty();
        }
        assertThat(REGISTRY.entry("strike_measure").orElseThrow().erasure()).containsExactly(ErasureRule.delete);
        assertThat(REGISTRY.entry("detection_pending").orElseThrow().classes())
                .containsExactly(DataClass.detection_records);
        assertThat(REGISTRY.entry("lawful_request").orElseThrow().classes()).containsExactly(DataClass.lawful_records);
        assertThat(REGISTRY.entry("subject").orElseThrow().classes()).containsExactly(DataClass.subjects);
    }

    @Test
    void aTableClassifiedUnderARetentionClassWithoutAPurgeStatementStopsTheStart() {
        TableRegistry extra = TableRegistry.parse(shipped() + "case_note_copy\tmoderation\tsubject_id\tcontent_copies"
                + "\tdelete\t-\ta copy nobody purges\n");
        assertThatThrownBy(() -> Purges.check(extra))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("content_copies")
                .hasMessageContaining("case_note_copy");
    }

    @Test
    void aTableToBeAnonymisedWithoutAStatementStopsTheStart() {
        TableRegistry extra = TableRegistry.parse(shipped() + "case_note_copy\tmoderation\tsubject_id\tsubject_lifetime"
                + "\tanonymise\t-\ta copy nobody can anonymise\n");
        assertThatThrownBy(() -> Erasure.check(extra))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("case_note_copy");
    }

    @Test
    void aRegistryListingATableTwiceOrWithAnUnknownClassIsRefused() {
        String twice = shipped() + "job_lease\tnone\t-\tuntil_expiry\tnone\t-\tagain\n";
        assertThatThrownBy(() -> TableRegistry.parse(twice)).hasMessageContaining("job_lease is listed twice");
        String unknown = shipped() + "extra\tsecrets\t-\tuntil_expiry\tnone\t-\tan unknown data class\n";
        assertThatThrownBy(() -> TableRegistry.parse(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secrets");
        String keyed = shipped() + "extra\tnone\tsubject_id\tuntil_expiry\tnone\t-\tno personal data, yet a key\n";
        assertThatThrownBy(() -> TableRegistry.parse(keyed)).hasMessageContaining("without personal data");
    }

    @Test
    void theReadmeShowsTheRegistryAsGenerated() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String begin = "<!-- privacy/tables.tsv: begin -->\n";
        String end = "<!-- privacy/tables.tsv: end -->";
        assertThat(text).contains(begin).contains(end);
        String shown = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
        assertThat(shown)
                .as("README's tables of data classes, retention and deadlines, as TableRegistry.markdown() "
                        + "makes them from " + TableRegistry.RESOURCE)
                .isEqualTo(REGISTRY.markdown());
        for (PersonalData d : PersonalData.values()) {
            assertThat(shown).contains("| " + d.name() + " |");
        }
        for (DataClass c : DataClass.values()) {
            assertThat(shown).contains("| " + c.name() + " |");
        }
        for (Deadline d : Deadline.values()) {
            assertThat(shown).contains("| " + d.name() + " |");
        }
    }

    private static String shipped() {
        try (var in = TableRegistry.class.getClassLoader().getResourceAsStream(TableRegistry.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

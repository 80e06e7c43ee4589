package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class OrderedRowTest {
    @Test
    void readsEveryColumnInSelectedOrderWithLowerCaseNamesAndWideIntegers() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:file:ordered?mode=memory&cache=shared");
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE t (Id TEXT, n INTEGER, gone TEXT, b BLOB)");
            h.execute("INSERT INTO t VALUES ('a', 7, NULL, x'0102')");
            Map<String, Object> row = h.createQuery("SELECT b, n, Id, gone FROM t")
                    .map(OrderedRow.MAPPER)
                    .one();
            assertThat(new ArrayList<>(row.keySet())).containsExactly("b", "n", "id", "gone");
            assertThat(row.get("n")).isEqualTo(7L);
            assertThat(row.get("id")).isEqualTo("a");
            assertThat(row).containsEntry("gone", null);
            assertThat(Arrays.equals((byte[]) row.get("b"), new byte[] {1, 2})).isTrue();
        });
    }
}

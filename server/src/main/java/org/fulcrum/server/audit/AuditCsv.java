package org.fulcrum.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.List;

/**
 * The audit trail as CSV for spreadsheets. Every cell that a spreadsheet would read as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) is prefixed with an apostrophe, so an
 * actor's reason can never run in the auditor's spreadsheet (OWASP "CSV injection").
 */
public final class AuditCsv {
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CsvSchema.builder()
            .addColumn("id")
            .addColumn("time")
            .addColumn("actor")
            .addColumn("actor_name")
            .addColumn("action")
            .addColumn("object")
            .addColumn("reason")
            .addColumn("outcome")
            .setUseHeader(true)
            .build();

    private AuditCsv() {}

    public static String write(List<AuditSearch.Row> rows) {
        List<List<String>> cells = rows.stream()
                .map(r -> List.of(
                        r.id(),
                        r.at().toString(),
                        safe(r.actor()),
                        safe(r.actorName()),
                        safe(r.action()),
                        safe(r.target()),
                        safe(r.reason()),
                        safe(r.outcome())))
                .toList();
        try {
            return CSV.writer(SCHEMA)
                    .with(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS)
                    .writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cell as text a spreadsheet shows and never evaluates. */
    static String safe(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}

package org.fulcrum.server.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Database;
import org.fulcrum.vpdq.VpdqFeature;

/**
 * A bank written out in the file forms {@link BankFormat} reads: CSV with a header, hex lines of one
 * type, or vPDQ video files. Each streams from the store in one read transaction.
 */
public final class BankExport {
    private final Database db;
    private final Banks banks;

    public BankExport(Database db, Banks banks) {
        this.db = db;
        this.banks = banks;
    }

    /** Writes the bank as CSV with header, or as hex per line of one type; streams from the store. */
    public void export(String id, boolean csv, Optional<HashType> type, Writer out) {
        banks.find(id);
        db.read(h -> h.inTransaction(tx -> {
            if (csv) {
                write(out, BankFormat.CSV_HEADER + "\n");
            }
            var query = tx.createQuery("SELECT type, hash, label, source FROM bank_hash WHERE bank_id = :b"
                            + (type.isPresent() ? " AND type = :type" : "") + " ORDER BY type, hash")
                    .bind("b", id);
            type.ifPresent(t -> query.bind("type", t.name()));
            query.setFetchSize(10_000)
                    .map((rs, ctx) -> csv
                            ? BankFormat.csvRow(
                                    HashType.valueOf(rs.getString("type")),
                                    rs.getString("hash"),
                                    Optional.ofNullable(rs.getString("label")),
                                    Optional.ofNullable(rs.getString("source")))
                            : rs.getString("hash"))
                    .useStream(rows -> rows.forEach(line -> write(out, line + "\n")));
            return null;
        }));
    }

    /**
     * Writes the bank's videos in the vPDQ file form {@link BankFormat#parseVideos} reads: per
     * video a {@code # video,hash,label,source} line, then its frames in the reference's form.
     */
    public void exportVideos(String id, Writer out) {
        banks.find(id);
        db.read(h -> h.inTransaction(tx -> {
            List<String[]> videos = tx.createQuery("""
                            SELECT hash, label, source FROM bank_hash WHERE bank_id = :b AND type = 'vpdq' ORDER BY hash""")
                    .bind("b", id)
                    .map((rs, ctx) ->
                            new String[] {rs.getString("hash"), rs.getString("label"), rs.getString("source")})
                    .list();
            for (String[] v : videos) {
                write(
                        out,
                        BankFormat.VIDEO_HEADER + "," + v[0] + "," + BankFormat.quote(v[1] == null ? "" : v[1]) + ","
                                + BankFormat.quote(v[2] == null ? "" : v[2]) + "\n");
                for (VpdqFeature f : BankVideoFrames.of(tx, id, v[0])) {
                    write(out, f.toLine() + "\n");
                }
            }
            return null;
        }));
    }

    private static void write(Writer out, String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

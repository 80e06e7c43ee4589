package org.fulcrum.server.lawful.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Call-back verification: staff call the authority back through a contact on file (the agency's
 * switchboard or the officer's registered number), never one given in the request, since a forged
 * request gives the forger's own.
 */
public final class Callbacks {
    private Callbacks() {}

    /** A call-back made. */
    public record Callback(String contact, boolean confirmed, String note, String by, Instant at) {}

    /** The contacts on file for a request: the agency's phone and e-mail, the officer's phone and e-mail. */
    public static List<String> contactsOnFile(Handle h, LawfulRequest r) {
        List<String> out = new ArrayList<>();
        r.parties()
                .agencyId()
                .ifPresent(a -> h.createQuery("SELECT contact_phone, contact_email FROM agency WHERE id = :a")
                        .bind("a", a)
                        .map((rs, ctx) -> List.of(rs.getString("contact_phone"), rs.getString("contact_email")))
                        .findOne()
                        .ifPresent(out::addAll));
        r.parties()
                .officerId()
                .ifPresent(o -> h.createQuery("SELECT phone, email FROM officer WHERE id = :o")
                        .bind("o", o)
                        .map((rs, ctx) -> List.of(rs.getString("phone"), rs.getString("email")))
                        .findOne()
                        .ifPresent(out::addAll));
        return out;
    }

    public static void record(Tx tx, String requestId, String contact, boolean confirmed, String note, String by) {
        tx.handle()
                .createUpdate("""
                INSERT INTO lawful_callback (id, request_id, contact, confirmed, note, done_by, done_at)
                VALUES (:id, :r, :c, :ok, :note, :by, :at)""")
                .bind("id", Ids.next("cb", tx.clock()))
                .bind("r", requestId)
                .bind("c", contact)
                .bind("ok", confirmed ? 1 : 0)
                .bind("note", note)
                .bind("by", by)
                .bind("at", tx.now().toEpochMilli())
                .execute();
    }

    public static List<Callback> of(Handle h, String requestId) {
        return h.createQuery("""
                        SELECT contact, confirmed, note, done_by, done_at FROM lawful_callback
                        WHERE request_id = :r ORDER BY done_at""").bind("r", requestId).map(CALLBACK).list();
    }

    private static final RowMapper<Callback> CALLBACK = (rs, ctx) -> new Callback(
            rs.getString("contact"),
            rs.getInt("confirmed") == 1,
            rs.getString("note"),
            rs.getString("done_by"),
            Columns.instant(rs, "done_at"));
}

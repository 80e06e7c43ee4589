package org.fulcrum.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * The browsers an account is remembered in ({@link TrustedDevices}) as their owner and the
 * account's stewards see them, and forgetting them: the owner one or all on their account page, a
 * steward (admins for staff, legal staff for officers) all of an account's, with a reason. Every
 * forget is audited. A forgotten browser's cookie earns nothing more: its next password attempt is
 * counted on the account like anyone's, and only a complete sign-in remembers the browser again.
 */
public final class RememberedBrowsers {
    private final Database db;
    private final Clock clock;

    public RememberedBrowsers(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * A remembered browser as shown, never its cookie: {@code id} is the first 16 hex digits of the
     * cookie's digest; {@code current} when it is the browser looking at the list.
     */
    public record Browser(
            String id, String browser, Instant rememberedAt, Instant usedAt, Instant expiresAt, boolean current) {}

    /**
     * What a page says after a forget redirected back to it ({@code ?done=forgotten} or {@code
     * all}); "" for anything else, so nothing from the address is ever shown.
     */
    public static String done(String key) {
        return switch (String.valueOf(key)) {
            case "forgotten" ->
                "Browser forgotten. Its next sign-in counts like any other browser's until you pass both factors"
                        + " in it again.";
            case "all" ->
                "All your browsers are forgotten, this one too. The next complete sign-in remembers the browser it"
                        + " is made in.";
            default -> "";
        };
    }

    /** The live remembered browsers of an account, last used first; {@code presented} marks the viewer's own. */
    public List<Browser> of(Realm realm, String accountId, String presented) {
        String mine = presented == null || presented.length() > 100 ? "" : Tokens.digest(presented);
        return db.read(h -> h.createQuery("""
                        SELECT token_hash, browser, COALESCE(remembered_at, created_at) AS since,
                               COALESCE(used_at, created_at) AS used, expires_at
                        FROM trusted_device WHERE realm = :r AND account_id = :a AND expires_at > :now
                        ORDER BY used DESC, token_hash""")
                .bind("r", realm.key())
                .bind("a", accountId)
                .bind("now", clock.millis())
                .map((rs, ctx) -> new Browser(
                        rs.getString("token_hash").substring(0, 16),
                        Columns.optionalString(rs, "browser").orElse("unknown browser"),
                        Columns.instant(rs, "since"),
                        Columns.instant(rs, "used"),
                        Columns.instant(rs, "expires_at"),
                        rs.getString("token_hash").equals(mine)))
                .list());
    }

    /** How many live remembered browsers each account of {@code realm} has (accounts with none left out). */
    public Map<String, Integer> counts(Realm realm) {
        Map<String, Integer> counts = new HashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT account_id, COUNT(*) AS n FROM trusted_device WHERE realm = :r AND expires_at > :now
                        GROUP BY account_id""")
                .bind("r", realm.key())
                .bind("now", clock.millis())
                .map((rs, ctx) -> counts.put(rs.getString("account_id"), rs.getInt("n")))
                .list());
        return counts;
    }

    /** The owner forgets one of their browsers, named by the id {@link #of} shows. */
    public void forget(Realm realm, String accountId, String id) {
        if (id == null || !id.matches("[0-9a-f]{16}")) {
            throw new FulcrumException.InvalidInput("id", "must be the 16 hex digits shown in the list of browsers");
        }
        db.write(tx -> {
            int gone = tx.handle()
                    .createUpdate("""
                    DELETE FROM trusted_device WHERE realm = :r AND account_id = :a AND token_hash LIKE :p""")
                    .bind("r", realm.key())
                    .bind("a", accountId)
                    .bind("p", id + "%")
                    .execute();
            if (gone == 0) {
                throw new FulcrumException.NotFound("remembered browser " + id);
            }
            String actor = realm.actor(accountId);
            Audit.record(tx, actor, "device.forget", actor, null, id);
            return null;
        });
    }

    /** The owner forgets all their browsers; returns how many there were. */
    public int forgetAll(Realm realm, String accountId) {
        return db.write(tx -> forgetAll(tx, realm.actor(accountId), realm, accountId, null));
    }

    /** A steward forgets all browsers of someone's account, saying why; returns how many there were. */
    public int forgetAll(Principal.Staff by, Realm realm, String accountId, String reason) {
        if (!by.has(Recovery.steward(realm))) {
            throw new FulcrumException.Forbidden(
                    "only " + Recovery.steward(realm).key() + " staff may forget these accounts' browsers");
        }
        String why = Recovery.reason(reason);
        return db.write(tx -> {
            boolean known = tx.handle()
                            .createQuery("SELECT COUNT(*) FROM " + realm.table + " WHERE id = :id")
                            .bind("id", accountId)
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (!known) {
                throw new FulcrumException.NotFound(realm.key() + " " + accountId);
            }
            return forgetAll(tx, by.actor(), realm, accountId, why);
        });
    }

    private static int forgetAll(Tx tx, String actor, Realm realm, String accountId, String why) {
        int gone = TrustedDevices.forget(tx, realm, accountId);
        Audit.record(tx, actor, "device.forget_all", realm.actor(accountId), why, gone + " remembered");
        return gone;
    }
}

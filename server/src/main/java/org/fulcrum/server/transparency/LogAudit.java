package org.fulcrum.server.transparency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.fulcrum.tlog.TlogException;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.Frontier;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.note.NoteVerifier;

/**
 * What {@code fulcrum verify} checks, independent of where the log comes from (a server or an
 * export): the checkpoint's signature and origin, consistency with the last checkpoint seen, that
 * the entries hash to the signed root (which proves every entry included), that every entry is
 * well-formed, and that every reveal opens its sealed entry's commitment. Problems are collected,
 * not thrown, so the report lists all of them.
 */
public final class LogAudit {
    private final NoteVerifier key;
    private final String origin;
    private final List<String> problems = new ArrayList<>();

    public LogAudit(NoteVerifier key, String origin) {
        this.key = key;
        this.origin = origin;
    }

    public List<String> problems() {
        return problems;
    }

    /** Opens a signed checkpoint; null (with a problem recorded) if it does not verify. */
    public Checkpoint checkpoint(byte[] signed) {
        try {
            Checkpoint cp = SignedCheckpoint.open(signed, key).checkpoint();
            if (!cp.origin().equals(origin)) {
                problems.add("checkpoint origin is '" + cp.origin() + "', expected '" + origin + "'");
                return null;
            }
            return cp;
        } catch (TlogException e) {
            problems.add("checkpoint does not verify: " + e.getMessage());
            return null;
        }
    }

    /** Checks that {@code newer} extends {@code older} (a consistency proof from the server or recomputed). */
    public void consistent(Checkpoint older, Checkpoint newer, List<byte[]> proof) {
        if (older.size() > newer.size()) {
            problems.add("the log shrank: checkpoint size " + newer.size() + " after " + older.size());
            return;
        }
        if (older.size() == 0) {
            return;
        }
        try {
            Proofs.verifyConsistency(older.size(), newer.size(), proof, older.rootHash(), newer.rootHash());
        } catch (TlogException e) {
            problems.add("checkpoint of size " + newer.size()
                    + " is not consistent with the earlier checkpoint of size " + older.size() + ": " + e.getMessage());
        }
    }

    /**
     * Recomputes the root from every entry, streaming (memory stays O(log n) plus sealed entries),
     * and compares it with {@code cp}; checks each entry's form and each reveal against its sealed
     * entry. Reports progress through {@code progress}.
     */
    public void entries(Checkpoint cp, Iterator<byte[]> entries, LongConsumer progress) {
        entries(cp, null, entries, progress);
    }

    /**
     * As {@link #entries(Checkpoint, Iterator, LongConsumer)}, and also checks that the first
     * {@code earlier.size()} entries hash to {@code earlier}'s root: the log was only appended to.
     */
    public void entries(Checkpoint cp, Checkpoint earlier, Iterator<byte[]> entries, LongConsumer progress) {
        entries(cp, earlier, entries, progress, -1, root -> {});
    }

    /**
     * As above, and hands {@code rootAtSnapshot} the root of the first {@code snapshot} entries
     * (the size a published report covers), so the report can be checked against the same prefix.
     */
    public void entries(
            Checkpoint cp,
            Checkpoint earlier,
            Iterator<byte[]> entries,
            LongConsumer progress,
            long snapshot,
            java.util.function.Consumer<byte[]> rootAtSnapshot) {
        Frontier tree = Frontier.empty();
        if (snapshot == 0) {
            rootAtSnapshot.accept(tree.root());
        }
        if (earlier != null && earlier.size() == 0) {
            earlier = null;
        }
        Map<Long, byte[]> sealed = new HashMap<>();
        long i = 0;
        List<byte[]> chunk = new ArrayList<>(4096);
        while (entries.hasNext()) {
            byte[] data = entries.next();
            chunk.add(Rfc6962.leafHash(data));
            checkEntry(i, data, sealed);
            i++;
            if (chunk.size() == 4096 || (earlier != null && i == earlier.size()) || i == snapshot) {
                tree = tree.append(chunk).frontier();
                chunk = new ArrayList<>(4096);
            }
            if (i == snapshot) {
                rootAtSnapshot.accept(tree.root());
            }
            if (earlier != null && i == earlier.size()) {
                if (!java.util.Arrays.equals(tree.root(), earlier.rootHash())) {
                    problems.add("the first " + earlier.size() + " entries no longer hash to the root of the "
                            + "checkpoint seen before: the log was rewritten");
                }
                earlier = null;
            }
            if (progress != null && i % 10_000 == 0) {
                progress.accept(i);
            }
        }
        if (!chunk.isEmpty()) {
            tree = tree.append(chunk).frontier();
        }
        if (progress != null) {
            progress.accept(i);
        }
        if (i != cp.size()) {
            problems.add("the checkpoint covers " + cp.size() + " entries but " + i + " were found");
            return;
        }
        if (!java.util.Arrays.equals(tree.root(), cp.rootHash())) {
            problems.add("the entries do not hash to the signed root of size " + cp.size()
                    + ": an entry was altered, added or removed");
        }
    }

    private void checkEntry(long index, byte[] data, Map<Long, byte[]> sealed) {
        Map<String, Object> e;
        try {
            e = CanonicalJson.parse(data);
        } catch (IllegalArgumentException ex) {
            problems.add("entry " + index + " is not a valid entry: " + ex.getMessage());
            return;
        }
        if (!Integer.valueOf(EntryCodec.VERSION).equals(e.get("v"))) {
            problems.add("entry " + index + " has an unknown schema version " + e.get("v"));
            return;
        }
        if (!java.util.Arrays.equals(CanonicalJson.bytes(e), data)) {
            problems.add("entry " + index + " is not in canonical form");
        }
        Object kind = e.get("kind");
        if ("sealed".equals(kind)) {
            sealed.put(index, data);
        } else if ("reveal".equals(kind)) {
            Object of = e.get("of");
            long target = of instanceof Number n ? n.longValue() : -1;
            if (target < 0 || target >= index || !sealed.containsKey(target)) {
                problems.add("entry " + index + " reveals entry " + of + ", which is not an earlier sealed entry");
            } else if (!EntryCodec.revealMatches(sealed.get(target), data)) {
                problems.add("entry " + index + " reveals fields that do not match the commitment of entry " + target);
            }
        }
    }
}

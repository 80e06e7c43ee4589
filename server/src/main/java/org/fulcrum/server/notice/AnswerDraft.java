package org.fulcrum.server.notice;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Json;

/**
 * The JSON answer to a notice request, encoded on the request thread before its unit reaches the
 * single writer, but for the case each item joins: only the write finds that out. The answer is
 * encoded once with a unique marker for each case id and cut around the markers; the writer splices
 * the ids in ({@link #finish}), getting the bytes {@link Json#write} gives the finished answer
 * (case ids are plain ASCII ids that JSON writes as they are). The answer it stores with the
 * idempotency key is then a few string copies, not an object serialisation.
 *
 * <p>Drafted only where the receipts are known but for their case ids: each notice received, on the
 * lane the draft assumed. Otherwise (a notice refused, a trusted flagger's lane) {@link #finish}
 * answers empty and the caller encodes the answer as before.
 */
final class AnswerDraft {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> pieces;
    private final List<Boolean> lanes;
    private final int capacity;

    private AnswerDraft(List<String> pieces, List<Boolean> lanes) {
        this.pieces = pieces;
        this.lanes = lanes;
        this.capacity = pieces.stream().mapToInt(String::length).sum() + 40 * pieces.size();
    }

    /**
     * Drafts the answer to a batch whose notices are {@code receipts} with every item's case id to be
     * decided (their case ids are ignored); empty if a marker cannot be placed once.
     */
    static Optional<AnswerDraft> batch(Json json, List<NoticeReceipt> receipts) {
        return draft(json, receipts, true);
    }

    /** Drafts the answer to one notice, {@code receipt}, as {@link #batch} does. */
    static Optional<AnswerDraft> single(Json json, NoticeReceipt receipt) {
        return draft(json, List.of(receipt), false);
    }

    private static Optional<AnswerDraft> draft(Json json, List<NoticeReceipt> receipts, boolean batch) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        String marker = "case-draft-" + HexFormat.of().formatHex(nonce) + "-";
        List<NoticeReceipt> marked = new ArrayList<>(receipts.size());
        int k = 0;
        for (NoticeReceipt r : receipts) {
            List<NoticeReceipt.ItemReceipt> items = new ArrayList<>(r.items().size());
            for (NoticeReceipt.ItemReceipt item : r.items()) {
                items.add(new NoticeReceipt.ItemReceipt(item.subjectId(), marker + k++ + "."));
            }
            marked.add(new NoticeReceipt(
                    r.trackingId(),
                    r.status(),
                    r.source(),
                    r.priorityLane(),
                    r.art16Complete(),
                    r.receivedAt(),
                    items));
        }
        String written = batch
                ? json.write(new NoticeBatch.Answer(marked.stream()
                        .map(r -> new NoticeBatch.Result(Optional.of(r), Optional.empty()))
                        .toList()))
                : json.write(marked.getFirst());
        List<String> pieces = new ArrayList<>(k + 1);
        int from = 0;
        for (int i = 0; i < k; i++) {
            String quoted = "\"" + marker + i + ".\"";
            int at = written.indexOf(quoted, from);
            if (at < 0 || written.indexOf(quoted, at + 1) >= 0) {
                return Optional.empty();
            }
            pieces.add(written.substring(from, at));
            from = at + quoted.length();
        }
        pieces.add(written.substring(from));
        return Optional.of(new AnswerDraft(
                pieces, receipts.stream().map(NoticeReceipt::priorityLane).toList()));
    }

    /**
     * The answer with the case ids of {@code receipts} spliced in, or empty when they are not the
     * receipts drafted (another count, another lane) or a case id would need escaping.
     */
    Optional<String> finish(List<NoticeReceipt> receipts) {
        if (receipts.size() != lanes.size()) {
            return Optional.empty();
        }
        StringBuilder out =
                new StringBuilder(pieces.stream().mapToInt(String::length).sum() + 32 * pieces.size());
        int k = 0;
        for (int i = 0; i < receipts.size(); i++) {
            NoticeReceipt r = receipts.get(i);
            if (r.priorityLane() != lanes.get(i)) {
                return Optional.empty();
            }
            for (NoticeReceipt.ItemReceipt item : r.items()) {
                if (k >= pieces.size() - 1 || !plain(item.caseId())) {
                    return Optional.empty();
                }
                out.append(pieces.get(k++)).append('"').append(item.caseId()).append('"');
            }
        }
        if (k != pieces.size() - 1) {
            return Optional.empty();
        }
        return Optional.of(out.append(pieces.getLast()).toString());
    }

    /** Whether {@link Json#write} writes {@code id} between quotes unchanged: letters, digits, {@code _.-}. */
    private static boolean plain(String id) {
        if (id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

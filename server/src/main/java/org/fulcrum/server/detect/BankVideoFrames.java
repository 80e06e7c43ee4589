package org.fulcrum.server.detect;

import java.util.List;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.store.Tx;
import org.fulcrum.vpdq.VpdqFeature;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The frames of banked videos ({@code bank_video_frame}): each vPDQ hash's frames, in order. */
final class BankVideoFrames {
    private BankVideoFrames() {}

    /** Stores the frames of the vPDQ hashes just added. */
    static void store(Tx tx, String bankId, List<BankHash> added) {
        PreparedBatch batch = null;
        for (BankHash h : added) {
            if (h.hashType() != HashType.vpdq) {
                continue;
            }
            if (batch == null) {
                batch = tx.handle().prepareBatch("""
                        INSERT INTO bank_video_frame (bank_id, video, n, frame, quality, hash, seconds)
                        VALUES (:bank, :video, :n, :frame, :quality, :hash, :seconds)""");
            }
            List<VpdqFeature> features = h.features();
            for (int n = 0; n < features.size(); n++) {
                VpdqFeature f = features.get(n);
                batch.bind("bank", bankId)
                        .bind("video", h.hash())
                        .bind("n", n)
                        .bind("frame", f.frameNumber())
                        .bind("quality", f.quality())
                        .bind("hash", f.hash().toHex())
                        .bind("seconds", f.timestamp())
                        .add();
            }
        }
        if (batch != null) {
            batch.execute();
        }
    }

    /** The frames of a banked video, in order. */
    static List<VpdqFeature> of(Handle h, String bankId, String video) {
        return h.createQuery("""
                        SELECT frame, quality, hash, seconds FROM bank_video_frame WHERE bank_id = :b AND video = :v
                        ORDER BY n""")
                .bind("b", bankId)
                .bind("v", video)
                .map((rs, ctx) -> new VpdqFeature(
                        rs.getLong("frame"),
                        rs.getInt("quality"),
                        PdqHash.fromHex(rs.getString("hash")),
                        rs.getDouble("seconds")))
                .list();
    }

    /** Deletes the frames of a banked video. */
    static void delete(Tx tx, String bankId, String video) {
        tx.handle()
                .createUpdate("DELETE FROM bank_video_frame WHERE bank_id = :b AND video = :v")
                .bind("b", bankId)
                .bind("v", video)
                .execute();
    }
}

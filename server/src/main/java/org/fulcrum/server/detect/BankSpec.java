package org.fulcrum.server.detect;

import java.util.Optional;
import org.fulcrum.pdq.HashIndex;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.notice.Reason;

/**
 * A bank as an admin or moderator describes it (to create it, or to change its settings).
 *
 * @param name unique name, 1-100 characters
 * @param description what the bank holds and where it comes from
 * @param kind block (act on matches) or allow (suppress matches of known false positives)
 * @param policy for block banks: what to do on a match
 * @param reason for block banks: the reason a match stands for (its DSA category, its priority)
 * @param legalGround the law a match breaks, if the content is illegal (else it breaks the terms)
 * @param threshold PDQ match distance, 0-64 bits of 256 (default 31)
 * @param preserveDays how long {@code remove_preserve_report} holds the item (default 90, 1-3650)
 * @param enabled whether the bank is matched (default true)
 * @param signal the media its hashes are taken from: image (default) or video; fixed once created
 * @param videoQueryPercent for a video bank: the share of the content's frames a match must find in
 *     the banked video, 1-100 (default 80)
 * @param videoBankedPercent for a video bank: the share of the banked video's frames a match must
 *     find in the content, 1-100 (default 80)
 */
public record BankSpec(
        String name,
        Optional<String> description,
        BankKind kind,
        Optional<MatchPolicy> policy,
        Optional<Reason> reason,
        Optional<String> legalGround,
        Optional<Integer> threshold,
        Optional<Integer> preserveDays,
        Optional<Boolean> enabled,
        Optional<BankSignal> signal,
        Optional<Integer> videoQueryPercent,
        Optional<Integer> videoBankedPercent) {
    /** Beyond a quarter of the bits, PDQ matches are noise (and the index would scan). */
    public static final int MAX_THRESHOLD = 64;

    public BankSpec {
        name = Fields.name("name", name);
        description = Fields.text("description", description, 1000);
        Fields.required("kind", kind);
        policy = Fields.opt(policy);
        reason = Fields.opt(reason);
        legalGround = Fields.text("legalGround", legalGround, 500);
        threshold = Fields.opt(threshold);
        preserveDays = Fields.opt(preserveDays);
        enabled = Fields.opt(enabled);
        signal = Fields.opt(signal);
        videoQueryPercent = Fields.opt(videoQueryPercent);
        videoBankedPercent = Fields.opt(videoBankedPercent);
        videoQueryPercent.ifPresent(p -> VideoShares.check("videoQueryPercent", p));
        videoBankedPercent.ifPresent(p -> VideoShares.check("videoBankedPercent", p));
        if (signal.orElse(null) == BankSignal.image
                && (videoQueryPercent.isPresent() || videoBankedPercent.isPresent())) {
            throw new InvalidInput(
                    videoQueryPercent.isPresent() ? "videoQueryPercent" : "videoBankedPercent",
                    "only a video bank has frame shares");
        }
        if (kind == BankKind.block && policy.isEmpty()) {
            throw new InvalidInput("policy", "is required for a block bank: review, remove or remove_preserve_report");
        }
        if (kind == BankKind.block && reason.isEmpty()) {
            throw new InvalidInput("reason", "is required for a block bank");
        }
        if (kind == BankKind.allow && (policy.isPresent() || reason.isPresent() || legalGround.isPresent())) {
            throw new InvalidInput(
                    policy.isPresent() ? "policy" : reason.isPresent() ? "reason" : "legalGround",
                    "an allow bank only suppresses matches; it has no policy, reason or legal ground");
        }
        threshold.ifPresent(t -> {
            if (t < 0 || t > MAX_THRESHOLD) {
                throw new InvalidInput("threshold", "must be 0-" + MAX_THRESHOLD + " bits");
            }
        });
        preserveDays.ifPresent(d -> {
            if (d < 1 || d > 3650) {
                throw new InvalidInput("preserveDays", "must be 1-3650 days");
            }
        });
    }

    /** A spec of an image bank, or of a bank whose signal is not being changed. */
    public BankSpec(
            String name,
            Optional<String> description,
            BankKind kind,
            Optional<MatchPolicy> policy,
            Optional<Reason> reason,
            Optional<String> legalGround,
            Optional<Integer> threshold,
            Optional<Integer> preserveDays,
            Optional<Boolean> enabled) {
        this(name, description, kind, policy, reason, legalGround, threshold, preserveDays, enabled, Optional.empty());
    }

    /** A spec with the default frame shares (those of vPDQ for a video bank). */
    public BankSpec(
            String name,
            Optional<String> description,
            BankKind kind,
            Optional<MatchPolicy> policy,
            Optional<Reason> reason,
            Optional<String> legalGround,
            Optional<Integer> threshold,
            Optional<Integer> preserveDays,
            Optional<Boolean> enabled,
            Optional<BankSignal> signal) {
        this(
                name,
                description,
                kind,
                policy,
                reason,
                legalGround,
                threshold,
                preserveDays,
                enabled,
                signal,
                Optional.empty(),
                Optional.empty());
    }

    /** The frame shares asked for, the defaults where left out. */
    public VideoShares videoSharesOrDefault() {
        return new VideoShares(
                videoQueryPercent.orElse(VideoShares.DEFAULT.queryPercent()),
                videoBankedPercent.orElse(VideoShares.DEFAULT.bankedPercent()));
    }

    public BankSignal signalOrDefault() {
        return signal.orElse(BankSignal.image);
    }

    public int thresholdOrDefault() {
        return threshold.orElse(HashIndex.DEFAULT_THRESHOLD);
    }

    public int preserveDaysOrDefault() {
        return preserveDays.orElse(90);
    }
}

package org.fulcrum.server.detect;

import java.util.Map;
import java.util.Optional;

/**
 * One detector matching one event's item.
 *
 * @param eventId the event scanned (empty in a retro-hunt over stored content)
 * @param subjectId the subject the event is about
 * @param detector what matched
 * @param disposition whether the match is to be acted on
 * @param distance the PDQ Hamming distance, for perceptual hash matches
 * @param evidence what matched: the bank's hash and label, the rule's term, the classifier's score
 * @param frames for a video bank match, which frames of the item matched which banked frames
 */
public record Hit(
        Optional<String> eventId,
        String subjectId,
        Detector detector,
        Disposition disposition,
        Optional<Integer> distance,
        Map<String, Object> evidence,
        java.util.List<VideoMatchFrames.Pair> frames) {
    public Hit {
        // Kept in the order the detector wrote it: the evidence is read by people.
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        frames = java.util.List.copyOf(frames);
    }

    /** A match without frames (anything but a video bank match). */
    public Hit(
            Optional<String> eventId,
            String subjectId,
            Detector detector,
            Disposition disposition,
            Optional<Integer> distance,
            Map<String, Object> evidence) {
        this(eventId, subjectId, detector, disposition, distance, evidence, java.util.List.of());
    }

    /** Whether a match is acted on. */
    public enum Disposition {
        /** Acted on by the detector's policy. */
        act,
        /** Recorded and counted only: the rule or classifier is in dry-run mode. */
        dry_run,
        /** Recorded only: the same media is in an allow bank. */
        suppressed
    }
}

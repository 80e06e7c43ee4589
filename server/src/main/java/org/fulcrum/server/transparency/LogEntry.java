package org.fulcrum.server.transparency;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a capability asks the transparency log to record.
 *
 * <p>{@code publicFields} go into the log in the clear and must hold no personal data (counts,
 * instrument, principle applied, reach band...). {@code details} never go into the log: the log
 * holds only a salted commitment to them (HMAC-SHA256 under a per-entry secret kept in the
 * database), so nobody can guess identities from the log, and erasing the secret erases the link.
 * With {@code sealedUntil} set (a secrecy order), even the public fields are replaced by a
 * commitment until that time, when a {@link EntryKind#reveal} entry publishes them.
 *
 * @param kind what happened
 * @param time when it happened
 * @param jurisdiction ISO 3166-1 alpha-2 country (or "EU"), if any
 * @param category the reason category (DSA Transparency Database key without prefix), if any
 * @param outcome the outcome (complied, refused, removed, ...), if any
 * @param publicFields further non-personal fields, published as they are
 * @param details what the commitment binds: ids, names, free text; never published by the log
 * @param subjectRef the account or subject the details are about, so a data subject's erasure can find them
 * @param sealedUntil the end of a secrecy order, if one applies
 */
public record LogEntry(
        EntryKind kind,
        Instant time,
        Optional<String> jurisdiction,
        Optional<String> category,
        Optional<String> outcome,
        Map<String, Object> publicFields,
        Map<String, Object> details,
        Optional<String> subjectRef,
        Optional<Instant> sealedUntil) {
    public LogEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        jurisdiction = jurisdiction == null ? Optional.empty() : jurisdiction;
        category = category == null ? Optional.empty() : category;
        outcome = outcome == null ? Optional.empty() : outcome;
        publicFields = publicFields == null ? Map.of() : new TreeMap<>(publicFields);
        details = details == null ? Map.of() : new TreeMap<>(details);
        subjectRef = subjectRef == null ? Optional.empty() : subjectRef;
        sealedUntil = sealedUntil == null ? Optional.empty() : sealedUntil;
        if (kind == EntryKind.sealed || kind == EntryKind.reveal) {
            throw new IllegalArgumentException(kind + " entries are written by the log itself");
        }
    }

    /** A plain entry with no secrecy order. */
    public static LogEntry of(
            EntryKind kind,
            Instant time,
            String jurisdiction,
            String category,
            String outcome,
            Map<String, Object> publicFields,
            Map<String, Object> details,
            String subjectRef) {
        return new LogEntry(
                kind,
                time,
                Optional.ofNullable(jurisdiction),
                Optional.ofNullable(category),
                Optional.ofNullable(outcome),
                publicFields,
                details,
                Optional.ofNullable(subjectRef),
                Optional.empty());
    }

    public LogEntry sealedUntil(Instant until) {
        return new LogEntry(
                kind, time, jurisdiction, category, outcome, publicFields, details, subjectRef, Optional.of(until));
    }
}

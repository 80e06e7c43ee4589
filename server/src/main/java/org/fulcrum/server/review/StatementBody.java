package org.fulcrum.server.review;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.SubjectKind;

/**
 * Builds the body of a statement of reasons in the DSA Transparency Database format (API v1, SPEC
 * section 6): the exact key names and values, the conditional fields, the length limits, and no
 * personal data (free text is scrubbed, ids are never included except the statement's own puid).
 */
public final class StatementBody {
    /** The EU and EEA countries, the only values {@code territorial_scope} accepts. */
    public static final Set<String> EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    private static final LocalDate MIN_CONTENT_DATE = LocalDate.of(2000, 1, 1);

    private StatementBody() {}

    /**
     * What the subject is, as far as the statement needs to know.
     *
     * @param kind the subject's kind
     * @param hasText whether it carries text
     * @param hasMedia whether it carries media
     * @param createdAt when it was first seen (the content date)
     * @param language the content's language tag as the platform sent it (fr, pt-BR), if known
     * @param sourceIdentity who notified, where their name may be published: a trusted flagger,
     *        whose designation is public (DSA Art. 22); never an individual notifier
     */
    public record Content(
            SubjectKind kind,
            boolean hasText,
            boolean hasMedia,
            Instant createdAt,
            Optional<String> language,
            Optional<String> sourceIdentity) {
        public Content(SubjectKind kind, boolean hasText, boolean hasMedia, Instant createdAt) {
            this(kind, hasText, hasMedia, createdAt, Optional.empty(), Optional.empty());
        }
    }

    public static Map<String, Object> build(String puid, Decision d, Content content, List<Action> actions) {
        Map<String, Object> b = new LinkedHashMap<>();
        Set<String> visibility = new LinkedHashSet<>();
        Optional<String> account = Optional.empty();
        Optional<Instant> accountEnd = Optional.empty();
        Set<String> restrictedIn = new TreeSet<>();
        for (Action a : actions) {
            switch (a.type()) {
                case remove -> visibility.add("DECISION_VISIBILITY_CONTENT_REMOVED");
                case disable -> visibility.add("DECISION_VISIBILITY_CONTENT_DISABLED");
                case geo_restrict -> {
                    visibility.add("DECISION_VISIBILITY_CONTENT_DISABLED");
                    restrictedIn.addAll(a.countries());
                }
                case label -> visibility.add("DECISION_VISIBILITY_CONTENT_LABELLED");
                case demote -> visibility.add("DECISION_VISIBILITY_CONTENT_DEMOTED");
                case block -> visibility.add("DECISION_VISIBILITY_OTHER");
                case suspend -> {
                    account = Optional.of("DECISION_ACCOUNT_SUSPENDED");
                    accountEnd = a.until();
                }
                case terminate -> account = Optional.of("DECISION_ACCOUNT_TERMINATED");
                case preserve,
                        restore,
                        lift_geo_restriction,
                        unlabel,
                        undemote,
                        unsuspend,
                        reinstate,
                        unblock,
                        release_hold -> {
                    // Not restrictions: no statement field describes them.
                }
            }
        }
        if (!visibility.isEmpty()) {
            b.put("decision_visibility", List.copyOf(visibility));
            if (visibility.contains("DECISION_VISIBILITY_OTHER")) {
                b.put("decision_visibility_other", "The channel or group was blocked");
            }
            d.until().ifPresent(u -> b.put("end_date_visibility_restriction", date(u)));
        }
        account.ifPresent(v -> b.put("decision_account", v));
        accountEnd.ifPresent(u -> b.put("end_date_account_restriction", date(u)));
        String explanation = clip(
                Redaction.scrub(d.explanation().orElse("The content was found to breach " + d.ground() + ".")), 2000);
        if (d.illegal()) {
            b.put("decision_ground", "DECISION_GROUND_ILLEGAL_CONTENT");
            b.put("illegal_content_legal_ground", clip(Redaction.scrub(d.ground()), 500));
            b.put("illegal_content_explanation", explanation);
        } else {
            b.put("decision_ground", "DECISION_GROUND_INCOMPATIBLE_CONTENT");
            b.put("incompatible_content_ground", clip(Redaction.scrub(d.ground()), 500));
            b.put("incompatible_content_explanation", explanation);
            // Decided on the terms alone: the decision makes no finding that the content is illegal.
            b.put("incompatible_content_illegal", "No");
        }
        List<String> types = new ArrayList<>();
        Optional<String> other = Optional.empty();
        if (!d.contentType().isEmpty()) {
            d.contentType().forEach(t -> types.add(t.name()));
            other = d.contentTypeOther().map(o -> clip(Redaction.scrub(o), 500));
        } else {
            switch (content.kind()) {
                case post, message -> {
                    if (content.hasText() || !content.hasMedia()) {
                        types.add("CONTENT_TYPE_TEXT");
                    }
                    if (content.hasMedia()) {
                        types.add("CONTENT_TYPE_IMAGE");
                    }
                }
                case media -> types.add("CONTENT_TYPE_IMAGE");
                case channel, group, account -> {
                    types.add("CONTENT_TYPE_OTHER");
                    other = Optional.of("A " + content.kind().name() + " on a messaging service");
                }
            }
        }
        b.put("content_type", types);
        if (types.contains("CONTENT_TYPE_OTHER")) {
            b.put("content_type_other", other.orElse("Other content on a messaging service"));
        }
        b.put("category", d.category().key());
        Set<String> scope = new TreeSet<>(
                d.territorialScope().isEmpty() && restrictedIn.isEmpty()
                        ? EEA
                        : union(d.territorialScope(), restrictedIn));
        scope.retainAll(EEA);
        if (!scope.isEmpty()) {
            b.put("territorial_scope", List.copyOf(scope));
        }
        b.put("decision_facts", clip(Redaction.scrub(d.facts()), 5000));
        language(content.language()).ifPresent(l -> b.put("content_language", l));
        LocalDate contentDate = LocalDate.ofInstant(content.createdAt(), ZoneOffset.UTC);
        b.put("content_date", (contentDate.isBefore(MIN_CONTENT_DATE) ? MIN_CONTENT_DATE : contentDate).toString());
        b.put("application_date", date(d.createdAt()));
        b.put("source_type", d.sourceType());
        if (d.sourceType().equals("SOURCE_TRUSTED_FLAGGER")) {
            content.sourceIdentity().ifPresent(n -> b.put("source_identity", clip(Redaction.scrub(n), 500)));
        }
        b.put("automated_detection", d.automatedDetection() ? "Yes" : "No");
        b.put("automated_decision", d.automatedDecision().name());
        b.put("puid", puid);
        return b;
    }

    /** Whether an action of this type is a restriction a statement is owed for. */
    public static boolean owed(ActionType type) {
        return type.restricts();
    }

    /** The ISO 639-1 code in capitals, as the database takes it, from a language tag ("pt-BR" is PT). */
    static Optional<String> language(Optional<String> tag) {
        return tag.map(t -> t.split("-", 2)[0])
                .filter(t -> t.matches("[A-Za-z]{2}"))
                .map(t -> t.toUpperCase(java.util.Locale.ROOT));
    }

    private static Set<String> union(List<String> a, Set<String> b) {
        Set<String> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }

    private static String date(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC).toString();
    }

    static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}

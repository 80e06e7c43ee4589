package org.fulcrum.server.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fulcrum.server.platform.ContentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every detector over one event: its media against the banks (an allow-bank match suppresses
 * the block-bank matches of the same item), its text against the rules, and the whole event
 * through the classifiers. Pure computation on in-memory state; safe from many threads.
 */
public final class Scanner {
    private static final Logger LOG = LoggerFactory.getLogger(Scanner.class);

    private final BankIndex banks;
    private final RuleSet rules;
    private final List<Classifier.Hook> classifiers = new CopyOnWriteArrayList<>();

    public Scanner(BankIndex banks, RuleSet rules) {
        this.banks = banks;
        this.rules = rules;
    }

    /** Which detectors a scan runs: all of them (live events), or one bank or one rule (a retro-hunt). */
    public record Scope(Optional<String> bankId, Optional<String> ruleId) {
        public static final Scope ALL = new Scope(Optional.empty(), Optional.empty());

        boolean all() {
            return bankId.isEmpty() && ruleId.isEmpty();
        }

        /** Whether to look in bank {@code b}: the enabled banks, or in a hunt its bank (even disabled) and the allow banks. */
        boolean bank(Bank b) {
            if (all()) {
                return b.enabled();
            }
            return bankId.map(b.id()::equals).orElse(false)
                    || (bankId.isPresent() && b.kind() == BankKind.allow && b.enabled());
        }

        boolean rule(DetectionRule r) {
            return all() || ruleId.map(r.id()::equals).orElse(false);
        }
    }

    public void register(Classifier.Hook hook) {
        classifiers.add(hook);
    }

    /** Every match in {@code e}; none for a deletion. */
    public List<Hit> scan(ContentEvent e) {
        return scan(e, Scope.ALL, rules.rules());
    }

    List<Hit> scan(ContentEvent e, Scope scope, List<CompiledRule> ruleList) {
        if (e.type() == ContentEvent.EventType.deleted) {
            return List.of();
        }
        List<Hit> hits = new ArrayList<>(0);
        Optional<String> eventId = Optional.of(e.eventId()).filter(id -> !id.equals(RetroHunts.STORED));
        if (!banks.isEmpty() && scope.ruleId().isEmpty()) {
            for (int i = 0; i < e.mediaList().size(); i++) {
                media(e, eventId, i, e.mediaList().get(i), scope, hits);
            }
        }
        if (!ruleList.isEmpty() && scope.bankId().isEmpty()) {
            ScanText text = e.text().map(ScanText::new).orElse(null);
            CompiledRule.Vars vars = new CompiledRule.Vars();
            for (CompiledRule r : ruleList) {
                if (!scope.rule(r.rule())) {
                    continue;
                }
                Optional<String> found = r.match(e, text, vars);
                if (found.isPresent()) {
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("rule", r.rule().name());
                    evidence.put("kind", r.rule().kind().name());
                    evidence.put("matched", found.get());
                    hits.add(new Hit(
                            eventId,
                            e.subjectId(),
                            Detector.of(r.rule()),
                            r.rule().mode() == RuleMode.dry_run ? Hit.Disposition.dry_run : Hit.Disposition.act,
                            Optional.empty(),
                            evidence));
                }
            }
        }
        if (scope.all()) {
            classify(e, eventId, hits);
        }
        return hits;
    }

    private void media(
            ContentEvent e,
            Optional<String> eventId,
            int position,
            ContentEvent.MediaRef media,
            Scope scope,
            List<Hit> hits) {
        List<BankIndex.BankMatch> found = banks.match(media, scope::bank);
        if (found.isEmpty()) {
            return;
        }
        Optional<BankIndex.BankMatch> allow =
                found.stream().filter(m -> m.bank().kind() == BankKind.allow).findFirst();
        for (BankIndex.BankMatch m : found) {
            if (m.bank().kind() == BankKind.allow) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("bank", m.bank().name());
            evidence.put("type", m.type().name());
            evidence.put("hash", m.bankedHash());
            if (m.type() == HashType.pdq) {
                evidence.put("distance", m.distance());
                evidence.put("threshold", m.bank().threshold());
            }
            m.video().ifPresent(v -> {
                // the vPDQ rule's outcome: the share of each video's distinct frames found in the other
                evidence.put("frameThreshold", m.bank().threshold());
                evidence.put("queryFramesMatchedPercent", Math.round(v.queryMatchedPercent() * 10) / 10.0);
                evidence.put("bankedFramesMatchedPercent", Math.round(v.targetMatchedPercent() * 10) / 10.0);
                evidence.put("queryFrames", v.queryFrames());
                evidence.put("bankedFrames", v.targetFrames());
            });
            m.mediaId().ifPresent(id -> evidence.put("mediaId", id));
            allow.ifPresent(a -> evidence.put("allowedBy", a.bank().name()));
            // which frames matched which banked frames, for the console's frame strips
            List<VideoMatchFrames.Pair> frames = m.video().isEmpty()
                    ? List.of()
                    : VideoMatchFrames.pairs(
                            position,
                            media.vpdqFeatures(),
                            banks.videoFrames(m.bank().id(), m.bankedHash()).orElse(List.of()),
                            m.bank().threshold());
            hits.add(new Hit(
                    eventId,
                    e.subjectId(),
                    Detector.of(m.bank()),
                    allow.isPresent() ? Hit.Disposition.suppressed : Hit.Disposition.act,
                    m.type() == HashType.pdq ? Optional.of(m.distance()) : Optional.empty(),
                    evidence,
                    frames));
        }
    }

    private void classify(ContentEvent e, Optional<String> eventId, List<Hit> hits) {
        for (Classifier.Hook hook : classifiers) {
            Optional<Classifier.Score> score;
            try {
                score = hook.classifier().score(e);
            } catch (RuntimeException ex) {
                LOG.atWarn()
                        .addKeyValue("classifier", hook.classifier().name())
                        .setCause(ex)
                        .log("classifier failed");
                continue;
            }
            if (score.isPresent() && score.get().value() >= hook.threshold()) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("classifier", hook.classifier().name());
                evidence.put("score", score.get().value());
                evidence.put("label", score.get().label());
                evidence.put("threshold", hook.threshold());
                hits.add(new Hit(
                        eventId,
                        e.subjectId(),
                        hook.detector(),
                        hook.mode() == RuleMode.dry_run ? Hit.Disposition.dry_run : Hit.Disposition.act,
                        Optional.empty(),
                        evidence));
            }
        }
    }
}

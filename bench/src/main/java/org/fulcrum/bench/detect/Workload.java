package org.fulcrum.bench.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.SubjectKind;

/**
 * Deterministic data for {@link DetectionLoad}: two keyword lists of 1,000 terms (a fifth of them
 * two-word phrases), 10,000 listed domains, and events of about 200 bytes of ordinary words of
 * which 20% carry a link to an unlisted domain. Rare events carry something that matches: a term
 * (0.5%, a fifth of those obfuscated), a listed domain or subdomain (0.5%), a bot author (0.2%),
 * "BUY NOW" (0.1%); 10% carry a PDQ hash, 1% of those a near-copy of a banked one.
 */
public final class Workload {
    static final int TERMS = 1_000;
    static final int DOMAINS = 10_000;
    private static final String[] COUNTRIES = {"FR", "DE", "ES", "IT", "PL", "NL", "BR", "IN", "US", "RU"};
    private static final String[] LANGUAGES = {"fr", "de", "es", "it", "pl", "nl", "pt", "hi", "en", "ru"};

    private final SplittableRandom random;
    private final List<String> vocabulary = new ArrayList<>();
    private final List<List<String>> terms = List.of(new ArrayList<>(), new ArrayList<>());
    private final List<String> domains = new ArrayList<>();

    public Workload(SplittableRandom random) {
        this.random = random;
        Set<String> used = new HashSet<>();
        while (vocabulary.size() < 3_000) {
            String w = word(2, 9);
            if (used.add(w)) {
                vocabulary.add(w);
            }
        }
        for (List<String> list : terms) {
            while (list.size() < TERMS) {
                String t = list.size() % 5 == 0 ? word(5, 9) + " " + word(5, 9) : word(6, 11);
                if (used.add(t)) {
                    list.add(t);
                }
            }
        }
        while (domains.size() < DOMAINS) {
            String d = word(5, 12) + "." + (random.nextBoolean() ? "com" : "example");
            if (used.add(d)) {
                domains.add(d);
            }
        }
    }

    private String word(int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    List<String> terms(int list) {
        return terms.get(list);
    }

    List<String> domains() {
        return domains;
    }

    public List<ContentEvent> events(int count, List<PdqHash> banked) {
        List<ContentEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(event(i, banked));
        }
        return out;
    }

    private ContentEvent event(int i, List<PdqHash> banked) {
        StringBuilder text = new StringBuilder(240);
        int roll = random.nextInt(1000);
        if (roll == 0) {
            text.append("BUY NOW ");
        }
        if (random.nextInt(5) == 0) {
            text.append("see https://www.")
                    .append(word(5, 10))
                    .append(".org/")
                    .append(word(3, 6))
                    .append(' ');
        }
        while (text.length() < 190) {
            text.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
            if (text.length() > 60 && text.length() < 80) {
                if (roll >= 1 && roll < 6) {
                    String t = terms.get(roll & 1).get(random.nextInt(TERMS));
                    text.append(roll == 5 ? t.replace('e', '3').replace('o', 'о') : t)
                            .append(' ');
                } else if (roll >= 6 && roll < 11) {
                    String d = domains.get(random.nextInt(DOMAINS));
                    text.append("https://")
                            .append(roll < 8 ? "cdn." : "")
                            .append(d)
                            .append("/path ");
                }
            }
        }
        String author = roll >= 11 && roll < 13 ? "bot-" + i : "acct-" + random.nextInt(50_000);
        Optional<List<ContentEvent.MediaRef>> media = Optional.empty();
        if (random.nextInt(10) == 0) {
            PdqHash h = random.nextInt(100) == 0
                    ? flip(banked.get(random.nextInt(banked.size())), 1 + random.nextInt(12))
                    : new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
            media = Optional.of(List.of(new ContentEvent.MediaRef(
                    Optional.of("m-" + i), Optional.empty(), Optional.empty(), Optional.of(h.toHex()))));
        }
        int c = random.nextInt(COUNTRIES.length);
        return new ContentEvent(
                "ev-" + i,
                ContentEvent.EventType.created,
                "post-" + i,
                SubjectKind.post,
                Optional.of("chan-" + random.nextInt(5_000)),
                Optional.empty(),
                Optional.of(author),
                Optional.of(COUNTRIES[c]),
                Optional.of(LANGUAGES[c]),
                Optional.of((long) random.nextInt(100_000)),
                Optional.of(text.toString().strip()),
                media,
                Instant.parse("2026-11-29T10:00:00Z"));
    }

    private PdqHash flip(PdqHash h, int bits) {
        for (int k = 0; k < bits; k++) {
            h = h.flip(random.nextInt(256));
        }
        return h;
    }

    public int meanTextBytes(List<ContentEvent> events) {
        return (int) events.stream()
                .mapToInt(e -> e.text().orElse("").length())
                .average()
                .orElse(0);
    }
}

package org.fulcrum.server.web;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.fulcrum.server.web.Pages.Attention;

/**
 * The counts the navigation shows beside its links. A page a person opens reads them afresh; the
 * polls of pages left open (every tab, every 30 seconds) are answered from a reading at most
 * {@link #FRESH} old, so a hundred open tabs ask the store a few times. A count that fails is left out
 * (the page still renders) rather than failing the page it decorates.
 */
final class Attentions {
    /** How long a count is shown before it is read again. */
    static final Duration FRESH = Duration.ofSeconds(10);

    private record Counter(boolean personal, Function<Caller, Attention> count) {}

    private record Reading(long atMillis, Attention attention) {}

    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    Attentions(Clock clock) {
        this.clock = clock;
    }

    void register(String href, boolean personal, Function<Caller, Attention> count) {
        if (counters.putIfAbsent(href, new Counter(personal, count)) != null) {
            throw new IllegalStateException("the page " + href + " already has a count");
        }
    }

    /**
     * The counts of {@code hrefs} for {@code viewer}, in the order given, leaving out pages where
     * nothing waits; read afresh when {@code fresh}, else from a reading up to {@link #FRESH} old.
     */
    Map<String, Attention> of(List<String> hrefs, Caller viewer, boolean fresh) {
        Map<String, Attention> out = new LinkedHashMap<>();
        long now = clock.millis();
        for (String href : hrefs) {
            Counter c = counters.get(href);
            if (c == null) {
                continue;
            }
            String key = c.personal() ? href + "\n" + viewer.actor() : href;
            Reading r = readings.get(key);
            if (fresh || r == null || now - r.atMillis() >= FRESH.toMillis() || now < r.atMillis()) {
                try {
                    r = new Reading(now, c.count().apply(viewer));
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Attentions.class)
                            .warn("could not count what waits on {}: {}", href, e.toString());
                    continue;
                }
                readings.put(key, r);
            }
            if (r.attention().count() > 0) {
                out.put(href, r.attention());
            }
        }
        return out;
    }
}

package org.fulcrum.server.transparency.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** The periods reports are cut into, in UTC: day ({@code 2026-11-29}), quarter ({@code 2026-Q4}), year. */
public enum Periods {
    day,
    quarter,
    year;

    public String key(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (this) {
            case day -> z.toLocalDate().toString();
            case quarter -> z.getYear() + "-Q" + ((z.getMonthValue() - 1) / 3 + 1);
            case year -> String.valueOf(z.getYear());
        };
    }

    static List<Periods> all() {
        return List.of(values());
    }
}

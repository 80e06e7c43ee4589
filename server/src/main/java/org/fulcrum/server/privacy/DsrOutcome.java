package org.fulcrum.server.privacy;

import java.util.Map;

/** What became of a data subject request. */
public sealed interface DsrOutcome {
    /** The outcome's name, as stored and answered. */
    String name();

    /** The export was made; it holds {@code records} records. */
    record Exported(int records) implements DsrOutcome {
        public String name() {
            return "exported";
        }
    }

    /**
     * The account was erased: rows erased or rewritten per table, and subjects kept under a legal hold
     * (erased when the hold ends and retention runs out).
     */
    record Erased(Map<String, Integer> erased, int keptUnderHold) implements DsrOutcome {
        public Erased {
            erased = Map.copyOf(erased);
        }

        public String name() {
            return keptUnderHold > 0 ? "partly_erased" : "erased";
        }
    }

    /** Fulcrum holds nothing about the account. */
    record NothingHeld() implements DsrOutcome {
        public String name() {
            return "nothing_held";
        }
    }

    /** The request cannot be honoured now, for {@code reason}. */
    record Refused(Refusal reason, String detail) implements DsrOutcome {
        public String name() {
            return "refused";
        }
    }
}

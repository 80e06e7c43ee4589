package org.fulcrum.franking;

/** What a recipient gets from opening a delivery: the message with its report, or a refusal. */
public sealed interface Receipt permits Receipt.Accepted, Receipt.Refused {

    /**
     * The message decrypted and its commitment checked; keep the report to be able to report it.
     *
     * @param report everything needed to report this message later
     */
    record Accepted(FrankingReport report) implements Receipt {

        /** The message bytes. */
        public byte[] message() {
            return report.message();
        }
    }

    /**
     * The delivery must not be shown.
     *
     * @param reason why
     */
    record Refused(Reason reason) implements Receipt {}

    /** Why a delivery was refused. */
    enum Reason {
        /** The envelope is larger than the size limit allows or its plaintext is too short. */
        MALFORMED,
        /** The envelope does not open under the message key with the stamped commitment. */
        DECRYPTION_FAILED,
        /** The franking key inside does not open the commitment to this message, sender and conversation. */
        BAD_COMMITMENT
    }
}

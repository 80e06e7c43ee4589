package org.fulcrum.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Secret files holding the keys every node of one database must share, e.g. mounted from a
 * Kubernetes secret. Each file must be owner-only; an empty one means the key in the data folder.
 *
 * @param logKey the transparency log's note signer key ({@code log.key.file})
 * @param answerKey the lawful answer-signing Ed25519 JWK ({@code lawful.answer.key.file})
 * @param evidenceKey the AES key that encrypts preserved media ({@code evidence.key.file})
 */
public record KeyFiles(Optional<Path> logKey, Optional<Path> answerKey, Optional<Path> evidenceKey) {
    public static final KeyFiles NONE = new KeyFiles(Optional.empty(), Optional.empty(), Optional.empty());

    public KeyFiles {
        logKey = logKey == null ? Optional.empty() : logKey;
        answerKey = answerKey == null ? Optional.empty() : answerKey;
        evidenceKey = evidenceKey == null ? Optional.empty() : evidenceKey;
    }

    /** The log and answer keys from files, the evidence key from the data folder. */
    public KeyFiles(Optional<Path> logKey, Optional<Path> answerKey) {
        this(logKey, answerKey, Optional.empty());
    }
}

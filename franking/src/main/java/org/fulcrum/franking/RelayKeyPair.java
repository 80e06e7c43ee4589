package org.fulcrum.franking;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A relay's Ed25519 signing key with its id. Create one with {@link RelayKeys}.
 *
 * @param id the key id stamps name and verifiers look up
 * @param privateKey the Ed25519 private key; never printed
 * @param publicKey the matching public key, to register with verifiers
 */
public record RelayKeyPair(RelayKeyId id, PrivateKey privateKey, PublicKey publicKey) {

    /** Checks that both keys are Ed25519. */
    public RelayKeyPair {
        if (id == null || !Ed25519.isEd25519(privateKey) || !Ed25519.isEd25519(publicKey)) {
            throw new IllegalArgumentException("a relay key pair needs an id and Ed25519 keys");
        }
    }

    @Override
    public String toString() {
        return "RelayKeyPair[id=" + id + ", publicKey=" + RelayKeys.encodePublicKey(publicKey) + "]";
    }
}

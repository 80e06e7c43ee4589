package org.fulcrum.tlog.note;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The set of keys a reader trusts, found by key name and key ID. Immutable. */
public final class Verifiers {

    private final Map<Id, NoteVerifier> byId;

    private Verifiers(Map<Id, NoteVerifier> byId) {
        this.byId = byId;
    }

    /** A set of verifiers; two with the same name and key ID are a configuration error. */
    public static Verifiers of(NoteVerifier... verifiers) {
        return of(List.of(verifiers));
    }

    /** A set of verifiers; two with the same name and key ID are a configuration error. */
    public static Verifiers of(Collection<? extends NoteVerifier> verifiers) {
        Map<Id, NoteVerifier> map = new LinkedHashMap<>();
        for (NoteVerifier v : verifiers) {
            if (map.putIfAbsent(new Id(v.name(), v.keyId()), v) != null) {
                throw new IllegalArgumentException("two verifiers named " + v.name() + " with one key ID");
            }
        }
        return new Verifiers(Map.copyOf(map));
    }

    /** The verifier with this key name and key ID, if trusted. */
    public Optional<NoteVerifier> find(String name, int keyId) {
        return Optional.ofNullable(byId.get(new Id(name, keyId)));
    }

    private record Id(String name, int keyId) {}
}

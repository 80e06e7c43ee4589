package org.fulcrum.server.auth;

import java.util.Set;

/** The authenticated caller of a request. */
public sealed interface Principal {
    /** A stable id for audit records ("staff:st_...", "token:tk_..."). */
    String actor();

    Set<Role> roles();

    default boolean has(Role role) {
        return roles().contains(role);
    }

    /** A staff member logged in to the console, with the second factor passed. */
    record Staff(String id, String username, Set<Role> roles) implements Principal {
        public String actor() {
            return "staff:" + id;
        }
    }

    /** A machine holding an API token: the platform, a trusted flagger or an officer's system. */
    record Machine(String tokenId, Role kind, String ownerId, String name) implements Principal {
        public String actor() {
            return "token:" + tokenId;
        }

        public Set<Role> roles() {
            return Set.of(kind);
        }
    }
}

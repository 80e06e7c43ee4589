package org.fulcrum.server.auth;

import java.util.Set;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Caller;

/** The authenticated caller of a request: a staff member or a machine. */
public sealed interface Principal extends Caller {
    default boolean has(Role role) {
        return roles().contains(role);
    }

    /** A staff member logged in to the console, with the second factor passed. */
    record Staff(String id, String username, Set<Role> roles) implements Principal {
        public String actor() {
            return "staff:" + id;
        }

        @Override
        public String name() {
            return username;
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

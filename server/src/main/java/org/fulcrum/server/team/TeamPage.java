package org.fulcrum.server.team;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.ApiTokens;
import org.fulcrum.server.auth.Recovery;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.e2e.RelayKeyStore;
import org.fulcrum.server.notice.Flagger;

/** Everything the team page shows, with the state of a refused form (its error and input). */
public record TeamPage(
        String viewerId,
        List<Member> members,
        Map<String, String> usernames,
        long activeAdmins,
        List<Recovery.SessionInfo> sessions,
        List<ApiTokens.TokenInfo> tokens,
        List<FlaggerRow> flaggers,
        List<RelayKeyStore.Info> relayKeys,
        Form form,
        Optional<Shown> shown) {

    /**
     * A staff member, whether their password sign-in is slowed down now, and how many browsers they
     * are remembered in.
     */
    public record Member(StaffService.StaffMember member, boolean throttled, int browsers) {}

    /** A trusted flagger with its accuracy. */
    public record FlaggerRow(Flagger flagger, Flagger.Accuracy accuracy) {}

    /** Something to show once after a form succeeded: a message and, for a secret, its value. */
    public record Shown(String message, String secret, String note) {}

    /** A refused form: which one, the field at fault, the words, and what was typed. */
    public record Form(String name, String field, String message, Map<String, String> input) {
        public static final Form NONE = new Form("", "", "", Map.of());

        /** The error to show beside {@code field} of form {@code form}, or "". */
        public String error(String form, String field) {
            return name.equals(form) && this.field.equals(field) ? message : "";
        }

        /** The error of form {@code form} that belongs to none of the {@code fields} shown beside inputs. */
        public String other(String form, String... fields) {
            return name.equals(form) && !List.of(fields).contains(field) ? message : "";
        }

        /** What was typed into {@code field} of form {@code form}, kept after an error. */
        public String value(String form, String field) {
            return name.equals(form) ? input.getOrDefault(field, "") : "";
        }
    }

    /** The name to show for a staff id ("system" and "bootstrap" as they are). */
    public String username(String id) {
        return id == null ? "" : usernames.getOrDefault(id, id);
    }

    /** Whether the viewer may approve a pending grant: not its granter, not its grantee. */
    public boolean mayApprove(String staffId, StaffService.RoleGrant grant) {
        return !grant.active() && !viewerId.equals(staffId) && !viewerId.equals(grant.grantedBy());
    }

    /** Why a pending grant waits, in words for the viewer. */
    public String waitingFor(String staffId, StaffService.RoleGrant grant) {
        if (viewerId.equals(grant.grantedBy())) {
            return "you granted it, so another admin must approve it";
        }
        if (viewerId.equals(staffId)) {
            return "it is your own role, so another admin must approve it";
        }
        return "waiting for a second admin";
    }

    public List<Role> staffRoles() {
        return List.of(Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR);
    }

    public List<Role> machineRoles() {
        return List.of(Role.PLATFORM, Role.FLAGGER, Role.OFFICER, Role.HASH_SHARING);
    }
}

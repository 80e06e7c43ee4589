package org.fulcrum.server.audit;

import org.fulcrum.server.web.Text;

/**
 * The audit trail's action codes in words, for the pages that show a record's history: {@code
 * request.receive} reads "Request received". The trail, its CSV and its filters keep the codes; a
 * page shows the code beside the words for those who search by it. A code with no phrase here still
 * reads as words of the code, so a new action never shows blank.
 */
public final class ActionWords {
    private ActionWords() {}

    /** An audit action code in words, starting upper case. */
    public static String action(String code) {
        if (code == null) {
            return Text.words(null);
        }
        return switch (code) {
            // lawful requests
            case "request.receive" -> "Request received";
            case "request.route" -> "Routed to the entity that answers";
            case "request.enter.manual" -> "Request entered by hand from a paper or e-mail order";
            case "request.officer" -> "Officer attached";
            case "request.decide" -> "Policy decision recorded";
            case "request.refuse" -> "Request refused";
            case "request.clarify" -> "Clarification asked of the authority";
            case "request.answer" -> "Authority answered the clarification";
            case "request.withdraw" -> "Request withdrawn by the authority";
            case "callback.confirmed" -> "Call-back confirmed the sender";
            case "callback.failed" -> "Call-back did not confirm the sender";
            case "clock.alert" -> "Deadline alert raised";
            case "clock.breached" -> "Deadline missed";
            case "disclosure.open" -> "Disclosure prepared for approval";
            case "disclosure.execute" -> "Disclosure sealed to the officer's key";
            case "approve" -> "Approved";
            case "finding.record" -> "Finding recorded";
            case "agency.create" -> "Agency registered";
            case "agency.verify" -> "Agency verified";
            case "officer.create" -> "Officer registered";
            case "officer.verify" -> "Officer verified";
            case "key.add" -> "Officer key added";
            case "key.rotate" -> "Officer key rotated";
            case "key.revoke" -> "Officer key revoked";
            case "portal.login" -> "Signed in to the portal";
            // moderation
            case "case.claim" -> "Case claimed";
            case "case.release" -> "Case released";
            case "case.decide" -> "Case decided";
            case "case.escalate" -> "Case escalated";
            case "case.note" -> "Note added to the case";
            case "case.bulk_decide" -> "Cases decided in bulk";
            case "case.bulk_item" -> "Case handled in a bulk decision";
            case "subject.decide" -> "Decision on the subject";
            case "appeal.claim" -> "Appeal claimed";
            case "appeal.decide" -> "Appeal decided";
            case "appeal.second_look" -> "Decision reversed on appeal after a second look";
            case "sweep.start" -> "Sweep started";
            case "sweep.pause" -> "Sweep paused";
            case "sweep.resume" -> "Sweep resumed";
            case "sweep.cancel" -> "Sweep cancelled";
            case "queue.create" -> "Queue created";
            case "routing.add" -> "Routing rule added";
            case "routing.remove" -> "Routing rule removed";
            case "alert.acknowledge" -> "Alert acknowledged";
            case "personal_data.view" -> "Personal data viewed";
            case "flagger.register" -> "Trusted flagger registered";
            case "flagger.status" -> "Trusted flagger status changed";
            case "safety_task.complete" -> "Safety task completed";
            // detection
            case "bank.create" -> "Hash bank created";
            case "bank.update" -> "Hash bank changed";
            case "bank.delete" -> "Hash bank deleted";
            case "bank.hashes.add" -> "Hashes added to the bank";
            case "bank.hashes.remove" -> "Hashes removed from the bank";
            case "bank.item.update" -> "Bank entry changed";
            case "bank.publish" -> "Hash bank published";
            case "bank.unpublish" -> "Hash bank no longer published";
            case "hunt.start" -> "Retro-hunt started";
            case "rule.create" -> "Detection rule created";
            case "rule.update" -> "Detection rule changed";
            case "rule.delete" -> "Detection rule deleted";
            case "exchange.create" -> "Exchange added";
            case "exchange.delete" -> "Exchange removed";
            case "exchange.opinion" -> "Opinion sent to the exchange";
            // privacy
            case "hold.place" -> "Legal hold placed";
            case "hold.extend" -> "Legal hold extended";
            case "hold.release" -> "Legal hold released";
            case "retention.set" -> "Retention period changed";
            case "retention.reset" -> "Retention period reset to the default";
            case "evidence.media_preserved" -> "Media preserved as evidence";
            case "evidence.media_not_preserved" -> "Media could not be preserved";
            // policy
            case "policy.version" -> "Policy version added";
            case "policy.in_force" -> "Policy version put in force";
            // staff and access
            case "login" -> "Signed in";
            case "password.change" -> "Password changed";
            case "session.end" -> "Session ended";
            case "device.forget" -> "Remembered browser forgotten";
            case "device.forget_all" -> "All remembered browsers forgotten";
            case "staff.bootstrap" -> "First administrator created";
            case "staff.create" -> "Staff member added";
            case "role.grant" -> "Role granted, awaiting a second administrator";
            case "role.grant.bootstrap" -> "Role granted at first start";
            case "role.approve" -> "Role approved";
            case "role.revoke" -> "Role revoked";
            case "role.held" -> "Roles held while credentials are reset";
            case "account.unlock" -> "Account unlocked";
            case "account.password-reset" -> "Password reset";
            case "account.second-factor-reset" -> "Second factor reset";
            case "account.break-glass" -> "Break-glass reset";
            case "token.issue" -> "API token issued";
            case "token.revoke" -> "API token revoked";
            case "relay_key.register" -> "Relay key registered";
            case "relay_key.retire" -> "Relay key retired";
            case "relay_key.revoke" -> "Relay key revoked";
            default -> Text.words(code);
        };
    }
}

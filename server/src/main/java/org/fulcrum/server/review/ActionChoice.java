package org.fulcrum.server.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;

/**
 * One action the case page's decision form offers: the form value ({@link DecisionForm}'s choice),
 * the words naming what it acts on, and its key. The form offers only what applies to the subject:
 * an account is suspended itself, a post's author only when the author is known, and a channel or
 * group is blocked only when there is one, so a moderator never fills the form for an action that
 * would then be refused.
 */
public record ActionChoice(String value, String label, String key) {

    /** The choices for a case on {@code subject}, in the form's order. */
    public static List<ActionChoice> of(Subject subject, Optional<Subject> author, Optional<Subject> container) {
        List<ActionChoice> choices = new ArrayList<>(List.of(
                new ActionChoice("remove", "remove", "r"),
                new ActionChoice("disable", "disable", "d"),
                new ActionChoice("geo_restrict", "geo-restrict", "g"),
                new ActionChoice("label", "label", "l"),
                new ActionChoice("demote", "demote", "m")));
        if (subject.kind() == SubjectKind.account) {
            choices.add(new ActionChoice("suspend_author", "suspend the account", "s"));
            choices.add(new ActionChoice("terminate_author", "terminate the account", "t"));
        } else if (author.isPresent() || subject.authorId().isPresent()) {
            choices.add(new ActionChoice("suspend_author", "suspend the author", "s"));
            choices.add(new ActionChoice("terminate_author", "terminate the author", "t"));
        }
        if (subject.kind().isContainer()) {
            choices.add(new ActionChoice("block", "block this " + subject.kind().name(), "b"));
        } else if (container.isPresent() || subject.containerId().isPresent()) {
            String kind = container.map(c -> c.kind().name()).orElse("channel or group");
            choices.add(new ActionChoice("block_container", "block its " + kind, "b"));
        }
        choices.add(new ActionChoice("preserve", "preserve (legal hold)", "p"));
        return List.copyOf(choices);
    }

    /** The keys of {@code choices}, for the keyboard legend. */
    public static String keys(List<ActionChoice> choices) {
        return String.join(" ", choices.stream().map(ActionChoice::key).toList());
    }
}

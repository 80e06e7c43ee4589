package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.platform.EnforcementState;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;
import org.junit.jupiter.api.Test;

/** The decision form offers only the actions that apply to the subject, each named for what it acts on. */
class ActionChoiceTest {

    private static Subject subject(String id, SubjectKind kind, String container, String author) {
        return new Subject(
                id,
                kind,
                Optional.ofNullable(container),
                Optional.ofNullable(author),
                Optional.empty(),
                Optional.empty(),
                0,
                EnforcementState.initial(),
                false,
                Instant.EPOCH,
                Instant.EPOCH,
                1);
    }

    private static List<String> labels(List<ActionChoice> choices) {
        return choices.stream().map(ActionChoice::label).toList();
    }

    @Test
    void anAccountIsSuspendedItselfAndHasNoChannelToBlock() {
        List<ActionChoice> choices =
                ActionChoice.of(subject("acct-7", SubjectKind.account, null, null), Optional.empty(), Optional.empty());
        assertThat(labels(choices))
                .contains("suspend the account", "terminate the account")
                .noneMatch(l -> l.startsWith("block"))
                .noneMatch(l -> l.contains("author"));
        assertThat(ActionChoice.keys(choices)).isEqualTo("r d g l m s t p");
    }

    @Test
    void aPostInAChannelOffersItsAuthorAndItsChannel() {
        Subject channel = subject("channel-67", SubjectKind.channel, null, "acct-1");
        List<ActionChoice> choices = ActionChoice.of(
                subject("post-10", SubjectKind.post, "channel-67", "acct-2549"),
                Optional.empty(),
                Optional.of(channel));
        assertThat(choices)
                .extracting(ActionChoice::value, ActionChoice::label, ActionChoice::key)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("suspend_author", "suspend the author", "s"),
                        org.assertj.core.groups.Tuple.tuple("block_container", "block its channel", "b"));
        assertThat(ActionChoice.keys(choices)).isEqualTo("r d g l m s t b p");
    }

    @Test
    void aPostOfNoKnownAuthorOutsideAnyChannelOffersNeither() {
        List<ActionChoice> choices =
                ActionChoice.of(subject("post-x", SubjectKind.post, null, null), Optional.empty(), Optional.empty());
        assertThat(ActionChoice.keys(choices)).isEqualTo("r d g l m p");
    }

    @Test
    void aChannelIsBlockedItself() {
        List<ActionChoice> choices = ActionChoice.of(
                subject("channel-2", SubjectKind.channel, null, "acct-9"), Optional.empty(), Optional.empty());
        assertThat(choices)
                .extracting(ActionChoice::value, ActionChoice::label)
                .contains(org.assertj.core.groups.Tuple.tuple("block", "block this channel"));
    }
}

package org.fulcrum.server.platform;

/** The kinds of things on the platform that Fulcrum can act on. */
public enum SubjectKind {
    account,
    channel,
    group,
    post,
    media,
    message;

    public boolean isContent() {
        return this == post || this == media || this == message;
    }

    public boolean isContainer() {
        return this == channel || this == group;
    }
}

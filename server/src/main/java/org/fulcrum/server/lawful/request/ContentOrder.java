package org.fulcrum.server.lawful.request;

import java.time.Instant;
import java.util.Optional;

/**
 * An order against content, a container or an account: TCO and DSA Art. 9 orders, national content
 * orders, and generic orders asking to remove, restrict, block or suspend.
 *
 * @param category the ground of illegality of the content (terrorism, unconstitutional_symbols, ...)
 * @param suspendUntil for suspensions, the end
 */
public record ContentOrder(
        Order order,
        Issuer issuer,
        Grounds grounds,
        Targets subjects,
        Optional<String> category,
        Optional<Instant> suspendUntil)
        implements Submission {
    public ContentOrder {
        category = Parts.token("category", category);
        suspendUntil = Parts.opt(suspendUntil);
    }
}

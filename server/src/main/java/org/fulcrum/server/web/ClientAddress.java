package org.fulcrum.server.web;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request, which sign-in throttling and rate limits count by.
 * Connected directly, it is the peer's address. Behind the reverse proxies named in
 * {@code proxy.trusted}, it is the rightmost {@code X-Forwarded-For} entry that is not one of those
 * proxies: each proxy appends the address it saw, so the entries further left are whatever the
 * client wrote and are not believed. A request from any other peer keeps the peer's address, so
 * only a configured proxy can name a client.
 */
public final class ClientAddress {
    /** An IPv4 or IPv6 literal, as proxies write them (no port, no brackets). */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final Set<String> trusted;

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = Set.copyOf(trustedProxies);
    }

    /** The client's address for {@code ctx} (installed as Javalin's {@code ctx.ip()}). */
    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (!trusted.contains(peer)) {
            return peer;
        }
        // Every X-Forwarded-For header, in order, as one list: a client may send its own header first.
        String chain = String.join(",", Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
        String[] hops = chain.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (trusted.contains(hop)) {
                continue;
            }
            return LITERAL.matcher(hop).matches() ? hop : peer;
        }
        return peer;
    }
}

package org.fulcrum.server.support;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.BankKind;
import org.fulcrum.server.detect.BankSignal;
import org.fulcrum.server.detect.BankSpec;
import org.fulcrum.server.detect.MatchPolicy;
import org.fulcrum.server.exchange.Exchanges;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.platform.ContentEvent;

/**
 * Banks as tests set them up: a block bank sending matches to review as terrorism, hashes added by
 * one test actor, a PDQ hash as a content event's media; and a follower's access to a publisher's
 * feed (a hash-sharing token and the publisher's key).
 */
public final class BankFixtures {
    /** Who the tests' bank changes are by. */
    public static final String ACTOR = "staff:test";

    private BankFixtures() {}

    /** A block bank of {@code signal}: matches go to review as terrorism. */
    public static BankSpec block(String name, BankSignal signal) {
        return block(name, signal, true);
    }

    /** As {@link #block(String, BankSignal)}, switched on or off. */
    public static BankSpec block(String name, BankSignal signal, boolean enabled) {
        return new BankSpec(
                name,
                Optional.empty(),
                BankKind.block,
                Optional.of(MatchPolicy.review),
                Optional.of(Reason.terrorism),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(enabled),
                Optional.of(signal));
    }

    /** An image block bank. */
    public static BankSpec block(String name) {
        return block(name, BankSignal.image);
    }

    /** A hash of the type its length says (MD5 or PDQ), with no label or source. */
    public static BankHash hash(String hex) {
        return new BankHash(hex, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A hash of the type its length says, labelled. */
    public static BankHash hash(String hex, String label) {
        return new BankHash(hex, Optional.empty(), Optional.of(label), Optional.empty());
    }

    /** Creates the bank {@code spec} describes on {@code app}, holding {@code hashes}. */
    public static Bank create(App app, BankSpec spec, BankHash... hashes) {
        Bank bank = app.module(DetectionModule.class).detection().banks().create(ACTOR, spec);
        add(app, bank, hashes);
        return bank;
    }

    /** Adds {@code hashes} to {@code bank}. */
    public static void add(App app, Bank bank, BankHash... hashes) {
        if (hashes.length > 0) {
            app.module(DetectionModule.class).detection().banks().add(ACTOR, bank.id(), Arrays.asList(hashes), "test");
        }
    }

    /** Removes {@code hashes} from {@code bank}. */
    public static void remove(App app, Bank bank, BankHash... hashes) {
        app.module(DetectionModule.class).detection().banks().remove(ACTOR, bank.id(), List.of(hashes), "test");
    }

    /** A media item known by its PDQ hash alone. */
    public static ContentEvent.MediaRef pdq(String hex) {
        return new ContentEvent.MediaRef(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(hex));
    }

    /**
     * What a follower needs to read a publisher's feeds.
     *
     * @param token a hash-sharing API token the publisher issued
     * @param publicKey the publisher's feed key, as it serves it
     */
    public record FeedAccess(String token, String publicKey) {
        /** Issues a token on {@code publisher} for {@code peer} and reads the feed key with it. */
        public static FeedAccess of(TestApp publisher, String peer) {
            String token = publisher
                    .app()
                    .module(AuthModule.class)
                    .tokens()
                    .issue(ACTOR, Role.HASH_SHARING, "peer", peer)
                    .secret();
            String key = publisher
                    .http()
                    .bearer(token)
                    .get("/v1/exchange/key")
                    .json()
                    .path("publicKey")
                    .asText();
            return new FeedAccess(token, key);
        }

        /** An exchange named {@code name} following {@code feedUrl} into {@code localBank} with this access. */
        public Exchanges.ExchangeSpec follow(String name, Bank localBank, String feedUrl) {
            return new Exchanges.ExchangeSpec(
                    name, localBank.id(), feedUrl, Optional.empty(), publicKey, Optional.of(token));
        }
    }
}

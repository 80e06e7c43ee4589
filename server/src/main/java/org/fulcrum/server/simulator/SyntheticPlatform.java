package org.fulcrum.server.simulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.SubjectKind;

/**
 * A synthetic messenger: accounts in several countries, channels and groups of different sizes,
 * posts in several languages, some with generated images. Deterministic for a seed, so tests and
 * the demo see the same platform every time.
 */
public final class SyntheticPlatform {
    private static final String[] COUNTRIES = {"FR", "DE", "ES", "IT", "PL", "US", "BR", "IN", "RU", "IR", "TR", "NG"};
    private static final Map<String, String> LANGUAGE = Map.ofEntries(
            Map.entry("FR", "fr"),
            Map.entry("DE", "de"),
            Map.entry("ES", "es"),
            Map.entry("IT", "it"),
            Map.entry("PL", "pl"),
            Map.entry("US", "en"),
            Map.entry("BR", "pt"),
            Map.entry("IN", "hi"),
            Map.entry("RU", "ru"),
            Map.entry("IR", "fa"),
            Map.entry("TR", "tr"),
            Map.entry("NG", "en"));
    private static final Map<String, String[]> PHRASES = Map.of(
            "fr",
                    new String[] {
                        "Bonjour à tous, voici les nouvelles du jour.",
                        "Le match de ce soir était incroyable !",
                        "Recette de la tarte aux pommes de ma grand-mère."
                    },
            "de",
                    new String[] {
                        "Guten Morgen! Das Wetter ist heute schön.",
                        "Neue Folge unseres Podcasts ist online.",
                        "Wer kommt morgen zum Treffen?"
                    },
            "en",
                    new String[] {
                        "Morning everyone, here is today's digest.",
                        "Check out the photos from the trip.",
                        "Reminder: community call at 6pm."
                    },
            "es", new String[] {"¡Hola a todos! Nuevas fotos del viaje.", "El concierto fue increíble anoche."},
            "ru", new String[] {"Всем привет! Новости дня.", "Фотографии с прогулки по городу."},
            "fa", new String[] {"سلام به همه، اخبار امروز", "عکس‌های سفر را ببینید"},
            "pt", new String[] {"Bom dia a todos! Novidades do dia.", "Fotos da praia no fim de semana."});

    private final Random random;
    private final List<Account> accounts = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private final Map<String, byte[]> images = new java.util.concurrent.ConcurrentHashMap<>();
    private String mediaOrigin;
    private long eventSeq;
    private long postSeq;

    /** An account of the platform. */
    public record Account(String id, String country) {}

    /** A channel or a group. */
    public record Container(String id, SubjectKind kind, String ownerId, String country, long audience) {}

    public SyntheticPlatform(long seed, int accountCount, int containerCount) {
        this.random = new Random(seed);
        for (int i = 0; i < accountCount; i++) {
            accounts.add(new Account("acct-" + i, COUNTRIES[random.nextInt(COUNTRIES.length)]));
        }
        for (int i = 0; i < containerCount; i++) {
            Account owner = accounts.get(random.nextInt(accounts.size()));
            boolean group = random.nextInt(3) == 0;
            long audience = (long) Math.pow(10, 1 + random.nextDouble() * 5);
            containers.add(new Container(
                    (group ? "group-" : "channel-") + i,
                    group ? SubjectKind.group : SubjectKind.channel,
                    owner.id(),
                    owner.country(),
                    audience));
        }
    }

    public List<Account> accounts() {
        return accounts;
    }

    public List<Container> containers() {
        return containers;
    }

    /** Events announcing every container (so channels exist before their posts). */
    public List<ContentEvent> containerEvents(Instant at) {
        List<ContentEvent> out = new ArrayList<>();
        for (Container c : containers) {
            out.add(new ContentEvent(
                    "ev-" + (eventSeq++),
                    ContentEvent.EventType.created,
                    c.id(),
                    c.kind(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(c.ownerId()),
                    Optional.of(c.country()),
                    Optional.ofNullable(LANGUAGE.get(c.country())),
                    Optional.of(c.audience()),
                    Optional.of("About " + c.id()),
                    Optional.empty(),
                    at));
        }
        return out;
    }

    /** {@code n} new posts in random containers; about one in five carries a generated image. */
    public List<ContentEvent> posts(int n, Instant at) {
        List<ContentEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Container c = containers.get(random.nextInt(containers.size()));
            out.add(post(
                    c, text(c.country()), random.nextInt(5) == 0 ? Optional.of(image(postSeq)) : Optional.empty(), at));
        }
        return out;
    }

    /** A post with given text and optional image bytes, in container {@code c}. */
    public ContentEvent post(Container c, String text, Optional<byte[]> image, Instant at) {
        String postId = "post-" + (postSeq++);
        List<ContentEvent.MediaRef> media = new ArrayList<>();
        image.ifPresent(bytes -> {
            String mediaId = "media-" + postId;
            images.put(mediaId, bytes);
            media.add(new ContentEvent.MediaRef(
                    Optional.of(mediaId),
                    Optional.of(digest("MD5", bytes)),
                    Optional.of(digest("SHA-256", bytes)),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.ofNullable(mediaOrigin).map(o -> o + "/media/" + mediaId)));
        });
        return new ContentEvent(
                "ev-" + (eventSeq++),
                ContentEvent.EventType.created,
                postId,
                SubjectKind.post,
                Optional.of(c.id()),
                Optional.of(c.kind()),
                Optional.of(c.ownerId()),
                Optional.of(c.country()),
                Optional.ofNullable(LANGUAGE.get(c.country())),
                Optional.of(c.audience()),
                Optional.of(text),
                media.isEmpty() ? Optional.empty() : Optional.of(media),
                at);
    }

    /** A post with a chosen id and reach, for the scenario's known items. */
    public ContentEvent planted(String postId, Container c, String text, long audience, Instant at) {
        return new ContentEvent(
                "ev-" + (eventSeq++),
                ContentEvent.EventType.created,
                postId,
                SubjectKind.post,
                Optional.of(c.id()),
                Optional.of(c.kind()),
                Optional.of(c.ownerId()),
                Optional.of(c.country()),
                Optional.ofNullable(LANGUAGE.get(c.country())),
                Optional.of(audience),
                Optional.of(text),
                Optional.empty(),
                at);
    }

    private String text(String country) {
        String[] phrases = PHRASES.getOrDefault(LANGUAGE.getOrDefault(country, "en"), PHRASES.get("en"));
        return phrases[random.nextInt(phrases.length)];
    }

    /** A generated picture: a few coloured shapes, distinct per seed. */
    public static byte[] image(long seed) {
        Random r = new Random(seed * 7919 + 17);
        BufferedImage img = new BufferedImage(256, 192, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(r.nextInt(0xffffff)));
        g.fillRect(0, 0, 256, 192);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(r.nextInt(0xffffff)));
            if (r.nextBoolean()) {
                g.fillOval(r.nextInt(200), r.nextInt(150), 20 + r.nextInt(120), 20 + r.nextInt(100));
            } else {
                g.fillRect(r.nextInt(200), r.nextInt(150), 20 + r.nextInt(120), 20 + r.nextInt(100));
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Gives posts' media an address under {@code origin} (where the simulator serves them). */
    public SyntheticPlatform mediaAt(String origin) {
        this.mediaOrigin = origin;
        return this;
    }

    public Map<String, byte[]> images() {
        return images;
    }

    static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

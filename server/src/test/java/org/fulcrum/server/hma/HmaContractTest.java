package org.fulcrum.server.hma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Multipart;
import org.fulcrum.server.support.SharedData;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The expectations of HMA's own API tests ({@code test_api.py}, {@code test_api_banks.py},
 * {@code test_match_api.py} of Meta's Hasher-Matcher-Actioner), asserted against Fulcrum: the same
 * requests, the same status codes and the same response shapes. Where HMA's fixture fetches images
 * from an image server, a local server on the platform's media origin stands in for it. Bank
 * curation runs as a signed-in moderator, content is added by a hash-sharing token and lookups by a
 * platform token, as Fulcrum's roles have it.
 */
class HmaContractTest {
    private static final Json JSON = Json.strict();

    static final String IMAGE_1 = "reg-test-input/dih/bridge-1-original.jpg";
    static final String IMAGE_2 = "misc-images/c.png";

    static HttpServer images;
    static TestApp app;
    static Http curator;
    static Http sharing;
    static Http platform;
    static String image1Url;
    static String image2Url;

    static byte[] image(String name) throws Exception {
        return Files.readAllBytes(SharedData.require("pdq/images/" + name));
    }

    static String referencePdq(String name) throws Exception {
        for (String line : Files.readAllLines(SharedData.require("pdq/expected/generated/cpp-core-fullres.csv"))) {
            if (line.endsWith("," + name)) {
                return line.substring(0, 64);
            }
        }
        throw new AssertionError("no reference row for " + name);
    }

    @BeforeAll
    static void start() throws Exception {
        byte[] one = image(IMAGE_1);
        byte[] two = image(IMAGE_2);
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.equals("/image1.jpg") ? one : path.equals("/image2.png") ? two : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", path.endsWith(".png") ? "image/png" : "image/jpeg");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        images.start();
        String origin = "http://127.0.0.1:" + images.getAddress().getPort();
        image1Url = origin + "/image1.jpg";
        image2Url = origin + "/image2.png";
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0).withMediaOrigin(origin));
        curator = app.http().session(new StaffSessions(app.app()).signIn("curator", Role.MODERATOR));
        sharing = app.http()
                .bearer(app.app()
                        .module(AuthModule.class)
                        .tokens()
                        .issue("test", Role.HASH_SHARING, "programme", "hma")
                        .secret());
        platform = app.platform();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (images != null) {
            images.stop(0);
        }
    }

    static void createBank(String name) {
        assertThat(curator.postJson("/c/banks", Map.of("name", name)).status()).isEqualTo(201);
    }

    static long addImage(String bank, String url) {
        Http.Response r = sharing.post(
                "/c/bank/" + bank + "/content?url=" + url + "&content_type=photo",
                "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asLong();
    }

    static String pdqOf(String url) {
        Http.Response r = platform.get("/h/hash?url=" + url);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("pdq").asText();
    }

    static HttpResponse<String> upload(String token, String path, String field, byte[] bytes) throws Exception {
        return Multipart.upload(app, token, path, field, "upload.bin", bytes);
    }

    static JsonNode json(String body) throws Exception {
        return JSON.mapper().readTree(body);
    }

    @Nested
    class Api {
        @Test
        void statusAnswersIAmAlive() {
            Http.Response r = platform.get("/status");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("I-AM-ALIVE");
        }

        @Test
        void lookupByUrlAndByUploadedPhotoAndVideo() throws Exception {
            createBank("LOOKUP_BANK");
            long id = addImage("LOOKUP_BANK", image1Url);
            Http.Response byUrl = platform.get("/m/lookup?url=" + image1Url);
            assertThat(byUrl.status()).as(byUrl.body()).isEqualTo(200);
            assertThat(byUrl.json()
                            .get("pdq")
                            .get("LOOKUP_BANK")
                            .get(0)
                            .get("bank_content_id")
                            .asLong())
                    .isEqualTo(id);

            HttpResponse<String> photo = upload(app.platformToken(), "/m/lookup", "photo", image(IMAGE_1));
            assertThat(photo.statusCode()).as(photo.body()).isEqualTo(200);
            assertThat(json(photo.body())
                            .get("pdq")
                            .get("LOOKUP_BANK")
                            .get(0)
                            .get("bank_content_id")
                            .asLong())
                    .isEqualTo(id);

            HttpResponse<String> video =
                    upload(app.platformToken(), "/m/lookup", "video", "not really a video".getBytes());
            assertThat(video.statusCode()).as(video.body()).isEqualTo(200);
            assertThat(json(video.body()).has("video_md5")).isTrue();
        }

        @Test
        void withoutAHashingRoleLookupsAndHashingAreRefused() throws Exception {
            Http anonymous = app.http();
            assertThat(anonymous.get("/m/lookup?url=" + image1Url).status()).isEqualTo(401);
            // A few bytes, not a photo: the server refuses before reading the body, and closing a
            // connection with hundreds of kilobytes unread resets it, which can lose the answer.
            assertThat(upload("ful_not-a-token", "/m/lookup", "photo", "not read".getBytes(StandardCharsets.UTF_8))
                            .statusCode())
                    .isEqualTo(401);
            // a platform may look up but not curate
            assertThat(platform.postJson("/c/banks", Map.of("name", "PLATFORM_BANK"))
                            .status())
                    .isEqualTo(403);
        }

        @Test
        void compareGivesMatchAndDistance() {
            String a = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
            String b = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b2d";
            Http.Response r = platform.postJson("/m/compare", Map.of("pdq", List.of(a, b)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().toString()).isEqualTo("{\"pdq\":[true,{\"distance\":4}]}");
            for (Object bad : List.of(List.of(a), List.of(a, "xyz"), "not a list", List.of(a, b, a))) {
                assertThat(platform.postJson("/m/compare", Map.of("pdq", bad)).status())
                        .as(bad.toString())
                        .isEqualTo(400);
            }
            assertThat(platform.postJson("/m/compare", Map.of("not_a_type", List.of(a, b)))
                            .status())
                    .isEqualTo(400);
            assertThat(platform.postJson("/m/compare", List.of(a, b)).status()).isEqualTo(400);
        }

        @Test
        void anAddressOffThePlatformsMediaHostIsRefusedAndNothingIsFetched() {
            Http.Response r = platform.get("/h/hash?url=http://169.254.169.254/latest/meta-data");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("not on the platform's media host");
        }

        @Test
        void hashesOfAPhotoAgreeWithTheReferenceImplementation() throws Exception {
            String ours = pdqOf(image1Url);
            String reference = referencePdq(IMAGE_1);
            Http.Response c = platform.postJson("/m/compare", Map.of("pdq", List.of(ours, reference)));
            assertThat(c.json().get("pdq").get(1).get("distance").asInt()).isLessThanOrEqualTo(10);
            HttpResponse<String> uploaded = upload(app.platformToken(), "/h/hash", "photo", image(IMAGE_1));
            assertThat(json(uploaded.body()).get("pdq").asText()).isEqualTo(ours);
        }
    }

    @Nested
    class Banks {
        @Test
        void bankNamesFollowHmasRuleAndANewBankIsListed() {
            assertThat(curator.postJson("/c/banks", Map.of("name", "01_TEST_BANK"))
                            .status())
                    .isEqualTo(400);
            assertThat(curator.postJson("/c/banks", Map.of("name", "my_test_bank"))
                            .status())
                    .isEqualTo(400);
            Http.Response created = curator.postJson("/c/banks", Map.of("name", "MY_TEST_BANK_01"));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().toString())
                    .isEqualTo("{\"name\":\"MY_TEST_BANK_01\",\"matching_enabled_ratio\":1.0}");
            assertThat(curator.get("/c/banks").json().toString())
                    .contains(created.json().toString());
            assertThat(curator.postJson("/c/banks", Map.of("name", "MY_TEST_BANK_01"))
                            .status())
                    .isEqualTo(403);
        }

        @Test
        void updateRenamesDisablesAndSetsTheRatio() {
            createBank("UPDATE_ME");
            assertThat(curator.putJson("/c/bank/UPDATE_ME", Map.of("name", "1_invalid_name"))
                            .status())
                    .isEqualTo(400);
            Http.Response renamed = curator.putJson("/c/bank/UPDATE_ME", Map.of("name", "UPDATE_ME_RENAMED"));
            assertThat(renamed.status()).isEqualTo(200);
            assertThat(renamed.json().get("name").asText()).isEqualTo("UPDATE_ME_RENAMED");
            assertThat(curator.putJson("/c/bank/UPDATE_ME_RENAMED", Map.of("enabled", false))
                            .json()
                            .get("matching_enabled_ratio")
                            .asDouble())
                    .isEqualTo(0.0);
            assertThat(curator.putJson("/c/bank/UPDATE_ME_RENAMED", Map.of("enabled_ratio", 0.5))
                            .json()
                            .get("matching_enabled_ratio")
                            .asDouble())
                    .isEqualTo(0.5);
            assertThat(curator.get("/c/bank/UPDATE_ME_RENAMED").json().toString())
                    .isEqualTo("{\"name\":\"UPDATE_ME_RENAMED\",\"matching_enabled_ratio\":0.5}");
            assertThat(curator.get("/c/bank/UPDATE_ME").status()).isEqualTo(404);
        }

        @Test
        void deletingABankSucceedsTwice() {
            createBank("DELETE_ME");
            assertThat(curator.delete("/c/bank/DELETE_ME").status()).isEqualTo(200);
            assertThat(curator.delete("/c/bank/DELETE_ME").status()).isEqualTo(200);
            assertThat(curator.get("/c/bank/DELETE_ME").status()).isEqualTo(404);
        }

        @Test
        void contentIsAddedByAddressAndReadBackWithItsSignals() {
            assertThat(curator.get("/c/bank/NO_SUCH_BANK/content/1").status()).isEqualTo(404);
            createBank("CONTENT_BANK");
            assertThat(curator.get("/c/bank/CONTENT_BANK/content/999999").status())
                    .isEqualTo(404);
            Http.Response added = sharing.post(
                    "/c/bank/CONTENT_BANK/content?url=" + image1Url + "&content_type=photo",
                    "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(added.status()).isEqualTo(200);
            long id = added.json().get("id").asLong();
            assertThat(added.json().get("signals").get("pdq").asText()).isEqualTo(pdqOf(image1Url));
            JsonNode plain = curator.get("/c/bank/CONTENT_BANK/content/" + id).json();
            assertThat(plain.get("id").asLong()).isEqualTo(id);
            assertThat(plain.has("signals")).isFalse();
            assertThat(plain.has("note")).isFalse();
            assertThat(plain.has("metadata")).isFalse();
            JsonNode withSignals = curator.get("/c/bank/CONTENT_BANK/content/" + id + "?include_signals=true")
                    .json();
            assertThat(withSignals.get("signals").get("pdq").asText()).isEqualTo(pdqOf(image1Url));
        }

        @Test
        void disablingContentTakesItOutOfLookupsAndTooFarAheadIsRefused() {
            createBank("DISABLE_BANK");
            long id = addImage("DISABLE_BANK", image2Url);
            String pdq = pdqOf(image2Url);
            String lookup = "/m/lookup?signal_type=pdq&signal=" + pdq + "&banks=DISABLE_BANK&bypass_coinflip=true";
            assertThat(platform.get(lookup).json().has("DISABLE_BANK")).isTrue();
            long inAYear = Instant.now().plus(Duration.ofDays(365)).getEpochSecond();
            Http.Response updated =
                    curator.putJson("/c/bank/DISABLE_BANK/content/" + id, Map.of("disable_until_ts", inAYear));
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.json().get("disable_until_ts").asLong()).isEqualTo(inAYear);
            assertThat(platform.get(lookup).json().has("DISABLE_BANK")).isFalse();
            // raw lookups do not check whether content is enabled, as HMA's do not
            assertThat(platform.get("/m/raw_lookup?signal_type=pdq&signal=" + pdq + "&banks=DISABLE_BANK")
                            .json()
                            .get("matches")
                            .toString())
                    .isEqualTo("[" + id + "]");
            assertThat(curator.putJson("/c/bank/DISABLE_BANK/content/" + id, Map.of("disable_until_ts", 9999999999L))
                            .status())
                    .isEqualTo(400);
            assertThat(curator.putJson("/c/bank/DISABLE_BANK/content/" + id, Map.of("disable_until_ts", -1))
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void deletingContentRemovesItsHashes() {
            createBank("DELETE_CONTENT_BANK");
            long id = addImage("DELETE_CONTENT_BANK", image1Url);
            Http.Response r = curator.delete("/c/bank/DELETE_CONTENT_BANK/content/" + id);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().toString()).isEqualTo("{\"deleted\":1}");
            assertThat(curator.get("/c/bank/DELETE_CONTENT_BANK/content/" + id).status())
                    .isEqualTo(404);
        }

        @Test
        void metadataIsCheckedStoredAndReturned() {
            createBank("META_BANK");
            String path = "/c/bank/META_BANK/content?url=" + image1Url + "&content_type=photo";
            assertThat(sharing.postJson(path, Map.of("metadata", Map.of("invalid_metadata", 5)))
                            .status())
                    .isEqualTo(400);
            Map<String, Object> metadata = Map.of(
                    "content_id",
                    "ext-id-123",
                    "content_uri",
                    "https://example.com/item/123",
                    "json",
                    Map.of("source", "test", "nested", Map.of("key", "value")));
            Http.Response added = sharing.postJson(path, Map.of("metadata", metadata));
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            long id = added.json().get("id").asLong();
            JsonNode got = curator.get("/c/bank/META_BANK/content/" + id).json();
            assertThat(got.get("metadata").get("content_id").asText()).isEqualTo("ext-id-123");
            assertThat(got.get("metadata").get("content_uri").asText()).isEqualTo("https://example.com/item/123");
            assertThat(got.get("metadata").get("json").get("nested").get("key").asText())
                    .isEqualTo("value");
            assertThat(curator.get("/c/bank/META_BANK/content/" + id + "?include_metadata=false")
                            .json()
                            .has("metadata"))
                    .isFalse();
        }

        @Test
        void notesAreSetUpdatedClearedAndLimited() {
            createBank("NOTE_BANK");
            String path = "/c/bank/NOTE_BANK/content?url=" + image1Url + "&content_type=photo";
            assertThat(sharing.postJson(path, Map.of("note", "x".repeat(256))).status())
                    .isEqualTo(400);
            long id = sharing.postJson(path, Map.of("note", "Reported by user X"))
                    .json()
                    .get("id")
                    .asLong();
            assertThat(curator.get("/c/bank/NOTE_BANK/content/" + id)
                            .json()
                            .get("note")
                            .asText())
                    .isEqualTo("Reported by user X");
            assertThat(curator.putJson("/c/bank/NOTE_BANK/content/" + id, Map.of("note", "Updated note"))
                            .status())
                    .isEqualTo(200);
            assertThat(curator.get("/c/bank/NOTE_BANK/content/" + id)
                            .json()
                            .get("note")
                            .asText())
                    .isEqualTo("Updated note");
            assertThat(curator.putJson("/c/bank/NOTE_BANK/content/" + id, Map.of("note", ""))
                            .status())
                    .isEqualTo(200);
            assertThat(curator.get("/c/bank/NOTE_BANK/content/" + id).json().has("note"))
                    .isFalse();

            Http.Response signal = sharing.postJson(
                    "/c/bank/NOTE_BANK/signal", Map.of("pdq", "0".repeat(64), "note", "Hash from campaign ABC"));
            assertThat(signal.status()).as(signal.body()).isEqualTo(200);
            long signalId = signal.json().get("id").asLong();
            assertThat(curator.get("/c/bank/NOTE_BANK/content/" + signalId)
                            .json()
                            .get("note")
                            .asText())
                    .isEqualTo("Hash from campaign ABC");
        }

        @Test
        void twoImagesInOneBankAreEachFoundByRawLookup() {
            createBank("INDEX_BANK");
            createBank("INDEX_BANK_2");
            long one = addImage("INDEX_BANK", image1Url);
            long two = addImage("INDEX_BANK", image2Url);
            assertThat(platform.get("/m/raw_lookup?signal_type=pdq&signal=" + pdqOf(image1Url) + "&banks=INDEX_BANK")
                            .json()
                            .toString())
                    .isEqualTo("{\"matches\":[" + one + "]}");
            assertThat(platform.get("/m/raw_lookup?signal_type=pdq&signal=" + pdqOf(image2Url) + "&banks=INDEX_BANK")
                            .json()
                            .toString())
                    .isEqualTo("{\"matches\":[" + two + "]}");
        }

        @Test
        void badSignalsAreRefusedAndNothingIsBanked() {
            createBank("BAD_SIGNAL_BANK");
            assertThat(sharing.postJson("/c/bank/BAD_SIGNAL_BANK/signal", Map.of("pdq", "xyz"))
                            .status())
                    .isEqualTo(400);
            assertThat(sharing.postJson("/c/bank/BAD_SIGNAL_BANK/signal", Map.of("sha1", "ab"))
                            .status())
                    .isEqualTo(400);
            assertThat(sharing.postJson("/c/bank/BAD_SIGNAL_BANK/signal", Map.of())
                            .status())
                    .isEqualTo(400);
            assertThat(sharing.postJson("/c/bank/NO_SUCH_BANK/signal", Map.of("pdq", "0".repeat(64)))
                            .status())
                    .isEqualTo(404);
            assertThat(app.queryLong("SELECT COUNT(*) FROM bank_hash h JOIN hash_bank b ON b.id = h.bank_id"
                            + " WHERE b.name = 'BAD_SIGNAL_BANK'"))
                    .isZero();
        }
    }

    @Nested
    class Matching {
        static final String SIGNAL = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

        void threeBanks() {
            if (curator.get("/c/bank/BANK_A").status() == 200) {
                return;
            }
            for (String bank : List.of("BANK_A", "BANK_B", "BANK_C")) {
                createBank(bank);
                assertThat(sharing.postJson("/c/bank/" + bank + "/signal", Map.of("pdq", SIGNAL))
                                .status())
                        .isEqualTo(200);
            }
        }

        @Test
        void rawLookupFiltersByBankAndGivesDistances() {
            threeBanks();
            String q = "/m/raw_lookup?signal_type=pdq&signal=" + SIGNAL;
            assertThat(platform.get(q + "&banks=BANK_A,BANK_B,BANK_C")
                            .json()
                            .get("matches")
                            .size())
                    .isEqualTo(3);
            assertThat(platform.get(q + "&banks=BANK_A").json().get("matches").size())
                    .isEqualTo(1);
            assertThat(platform.get(q + "&banks=BANK_A,BANK_B")
                            .json()
                            .get("matches")
                            .size())
                    .isEqualTo(2);
            assertThat(platform.get(q + "&banks=NON_EXISTENT_BANK")
                            .json()
                            .get("matches")
                            .size())
                    .isZero();
            JsonNode withDistance = platform.get(q + "&include_distance=true&banks=BANK_A,BANK_B")
                    .json()
                    .get("matches");
            assertThat(withDistance.size()).isEqualTo(2);
            for (JsonNode m : withDistance) {
                assertThat(m.has("bank_content_id")).isTrue();
                assertThat(m.get("distance").asText()).isEqualTo("0");
            }
        }

        @Test
        void lookupGroupsMatchesByBankAndFilters() {
            threeBanks();
            String q = "/m/lookup?signal_type=pdq&signal=" + SIGNAL + "&bypass_coinflip=true";
            JsonNode all = platform.get(q).json();
            assertThat(all.has("BANK_A") && all.has("BANK_B") && all.has("BANK_C"))
                    .isTrue();
            JsonNode one = platform.get(q + "&banks=BANK_A").json();
            assertThat(one.size()).isEqualTo(1);
            assertThat(one.get("BANK_A").get(0).has("bank_content_id")).isTrue();
            JsonNode two = platform.get(q + "&banks=BANK_A,BANK_C").json();
            assertThat(two.size()).isEqualTo(2);
            assertThat(two.has("BANK_B")).isFalse();
            assertThat(platform.get(q + "&banks=NON_EXISTENT_BANK").json().size())
                    .isZero();
        }

        @Test
        void aLookupNeedsASignalOrAnAddressAndAKnownType() {
            assertThat(platform.get("/m/lookup").status()).isEqualTo(400);
            assertThat(platform.get("/m/lookup?signal_type=sha1&signal=ab").status())
                    .isEqualTo(400);
            assertThat(platform.get("/m/raw_lookup?signal_type=pdq&signal=zz").status())
                    .isEqualTo(400);
        }

        @Test
        void indexStatusCountsTheBankedSignals() {
            threeBanks();
            JsonNode status = platform.get("/m/index/status").json();
            assertThat(status.get("pdq").get("present").asBoolean()).isTrue();
            assertThat(status.get("pdq").get("size").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(status.has("video_md5")).isTrue();
            assertThat(platform.get("/m/index/status?signal_type=nope").status())
                    .isEqualTo(400);
            assertThat(curator.get("/c/signal_type/index")
                            .json()
                            .get("pdq")
                            .get("index_out_of_date")
                            .asBoolean())
                    .isFalse();
            assertThat(curator.get("/c/content_type").json().toString()).contains("\"photo\"", "\"video\"");
        }
    }
}

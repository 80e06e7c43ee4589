package org.fulcrum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fulcrum.server.App;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.policy.Finding;

/**
 * Plays steps 2 to 6 of the reference scenario (SPEC 5) against a running app, through the signed
 * lawful API as authorities would: a French TCO order, a Russian demand for keys, an Iranian demand
 * to block a protest channel, a court's disclosure order with two approvers, and a forged emergency
 * request. Returns whether every step ended as the principles say it must.
 */
final class LawfulScenario {
    private final App app;
    private final DemoStaff staff;
    private final Consumer<String> say;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private final Json json;

    LawfulScenario(App app, DemoStaff staff, Consumer<String> say, Json json) {
        this.json = json;
        this.app = app;
        this.staff = staff;
        this.say = say;
    }

    private record Officer(String id, Jwk signing, Jwk encryption) {}

    boolean play(String postId, String channelId, String accountId) throws Exception {
        Principal.Staff[] legal = legalStaff();
        Officer france = officer("FR", "Police nationale (PHAROS)");
        Officer russia = officer("RU", "Federal Security Service");
        Officer iran = officer("IR", "Cyber police (FATA)");
        Officer court = officer("DE", "Staatsanwaltschaft Berlin");
        boolean ok = true;

        JsonNode tco = send(
                france,
                "POST",
                "/v1/lawful/requests",
                map(
                        "reference",
                        "TCO-" + run,
                        "instrument",
                        "tco_removal_order",
                        "kind",
                        "remove_content",
                        "jurisdiction",
                        "FR",
                        "issuingAuthority",
                        "OCLCTIC",
                        "issuedAt",
                        Instant.now().minusSeconds(120).toString(),
                        "reasons",
                        "Terrorist propaganda video, Art. 2(7) Regulation (EU) 2021/784",
                        "category",
                        "terrorism",
                        "contactPoint",
                        "pharos@interieur.example",
                        "targets",
                        List.of(Map.of("locator", postId))));
        ok &= report(2, "French TCO removal order for known terrorist content", tco, "completed");

        JsonNode keys = send(
                russia,
                "POST",
                "/v1/lawful/requests",
                map(
                        "reference",
                        "RU-" + run,
                        "instrument",
                        "generic_national_order",
                        "kind",
                        "hand_over_keys",
                        "jurisdiction",
                        "RU",
                        "issuingAuthority",
                        "FSB",
                        "legalBasis",
                        "Federal law 374-FZ",
                        "reasons",
                        "Decryption of private chats",
                        "territorialScope",
                        List.of("RU"),
                        "redress",
                        "none",
                        "deadlineAsked",
                        Instant.now().plusSeconds(86_400).toString()));
        ok &= report(3, "Russian demand for the encryption keys of private chats", keys, "refused");

        JsonNode block = send(
                iran,
                "POST",
                "/v1/lawful/requests",
                map(
                        "reference",
                        "IR-" + run,
                        "instrument",
                        "generic_national_order",
                        "kind",
                        "block_container",
                        "jurisdiction",
                        "IR",
                        "issuingAuthority",
                        "FATA",
                        "legalBasis",
                        "Computer crimes law, Art. 10",
                        "reasons",
                        "Incitement",
                        "category",
                        "anti_state_propaganda",
                        "territorialScope",
                        List.of("IR"),
                        "redress",
                        "none",
                        "deadlineAsked",
                        Instant.now().plusSeconds(86_400).toString(),
                        "targets",
                        List.of(Map.of("locator", channelId))));
        String escalated = block.get("status").asText();
        app.module(LawfulModule.class)
                .lawful()
                .review()
                .finding(
                        legal[0],
                        block.get("id").asText(),
                        channelId,
                        Finding.protest,
                        "The channel announces peaceful marches; no call to violence");
        // each step's heading comes first, then its detail lines
        ok &= report(4, "Iranian demand to block a peaceful protest channel", status(iran, block), "refused");
        say.accept("  first escalated for a reviewer's finding (" + escalated
                + "); the reviewer found a peaceful protest");

        app.module(StoreModule.class).db().write(tx -> {
            for (String[] d : new String[][] {
                {"phone_number", "+49 151 2345678"},
                {"ip_address", "203.0.113.45"},
                {"ip_address", "198.51.100.7"},
                {"email", "not-disclosed@example.org"}
            }) {
                tx.handle()
                        .createUpdate("INSERT INTO account_private_data (account_id, category, value, observed_at) "
                                + "VALUES (:a, :c, :v, :t)")
                        .bind("a", accountId)
                        .bind("c", d[0])
                        .bind("v", d[1])
                        .bind("t", System.currentTimeMillis())
                        .execute();
            }
            return null;
        });
        JsonNode epoc = send(
                court,
                "POST",
                "/v1/lawful/requests",
                map(
                        "reference",
                        "EPOC-" + run,
                        "instrument",
                        "epoc",
                        "kind",
                        "disclose_subscriber_data",
                        "jurisdiction",
                        "DE",
                        "issuingAuthority",
                        "Staatsanwaltschaft Berlin",
                        "validatingAuthority",
                        Map.of("name", "Amtsgericht Tiergarten", "type", "court"),
                        "addressee",
                        "Fulcrum EU Legal Representative",
                        "emergency",
                        false,
                        "crime",
                        "terrorism",
                        "accounts",
                        List.of(accountId),
                        "dataCategories",
                        List.of("name", "email", "phone_number", "ip_addresses")));
        String id = epoc.get("id").asText();
        app.module(LawfulModule.class)
                .lawful()
                .review()
                .approveDisclosure(legal[0], id, "valid court order for a terror suspect");
        app.module(LawfulModule.class).lawful().review().approveDisclosure(legal[1], id, "second approval");
        String pkg = body(court, "GET", "/v1/lawful/requests/" + id + "/package", null);
        String opened = new String(SealedPackage.parse(pkg, json).open(court.encryption()), StandardCharsets.UTF_8);
        ok &= report(
                        5,
                        "Court order to disclose a terror suspect's subscriber data (two approvers)",
                        status(court, epoc),
                        "completed")
                && opened.contains("ip_addresses")
                && !opened.contains("not-disclosed");
        say.accept("  package decrypted with the officer's key: " + opened);

        Jwk forger = Jwk.newEd25519();
        HttpResponse<String> forged = raw(
                new Officer("none", forger, Jwk.newX25519()),
                "POST",
                "/v1/lawful/requests",
                json.write(map(
                        "reference",
                        "EDR-" + run,
                        "instrument",
                        "emergency_disclosure_request",
                        "kind",
                        "emergency_disclosure",
                        "jurisdiction",
                        "US",
                        "accounts",
                        List.of(accountId))));
        say.accept("Step 6: forged emergency request from an unregistered key -> HTTP " + forged.statusCode() + " "
                + json.mapper().readTree(forged.body()).get("type").asText()
                + " (flagged on /console/lawful)");
        ok &= forged.statusCode() == 401 && forged.body().contains("unknown-key");
        return ok;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private boolean report(int step, String title, JsonNode status, String expected) {
        String principle = status.has("principle")
                ? " by principle " + status.get("principle").asText()
                : "";
        say.accept("Step " + step + ": " + title + " -> " + status.get("status").asText() + " ("
                + status.path("outcome").asText() + principle + ")");
        return status.get("status").asText().equals(expected);
    }

    private Principal.Staff[] legalStaff() {
        return new Principal.Staff[] {staff.member("demo.legal1", Role.LEGAL), staff.member("demo.legal2", Role.LEGAL)};
    }

    private Officer officer(String country, String name) {
        Authorities a = app.module(LawfulModule.class).lawful().authorities();
        String agency = a.createAgency(
                "system:demo",
                new Authorities.NewAgency(
                        name,
                        country,
                        "police",
                        List.of(country),
                        "+00 000 " + country,
                        "desk@" + country.toLowerCase() + ".example"));
        a.verify("system:demo", "agency", agency, "demo: switchboard in the official directory");
        String officer = a.createOfficer(
                "system:demo",
                new Authorities.NewOfficer(
                        agency,
                        "Officer of " + name,
                        "officer@" + country.toLowerCase() + ".example",
                        "+00 111 " + country,
                        "officer." + country.toLowerCase() + "." + run,
                        Passwords.random(20)));
        a.verify("system:demo", "officer", officer, "demo: video call confirmed by the agency");
        Jwk signing = Jwk.newEd25519();
        Jwk encryption = Jwk.newX25519();
        a.addKey("system:demo", officer, "sign", signing.x(), false);
        a.addKey("system:demo", officer, "encrypt", encryption.x(), false);
        return new Officer(officer, signing, encryption);
    }

    private JsonNode status(Officer o, JsonNode request) throws Exception {
        return json.mapper()
                .readTree(body(
                        o, "GET", "/v1/lawful/requests/" + request.get("id").asText(), null));
    }

    private JsonNode send(Officer o, String method, String path, Map<String, Object> body) throws Exception {
        return json.mapper().readTree(body(o, method, path, json.write(body)));
    }

    private String body(Officer o, String method, String path, String body) throws Exception {
        HttpResponse<String> r = raw(o, method, path, body);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> raw(Officer o, String method, String path, String body) throws Exception {
        // signed for the deployment's public URL, whatever address the request travels to
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpSignatures.Signed s = HttpSignatures.signRequest(
                o.signing(),
                method,
                app.publicUrl() + path,
                bytes,
                Instant.now().getEpochSecond(),
                HttpSignatures.newNonce());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Digest", s.contentDigest())
                .header("Signature-Input", s.signatureInput())
                .header("Signature", s.signature());
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

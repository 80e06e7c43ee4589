package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** Secrecy orders: sealed in the log, user notice held until the gag expires (a month on the test clock). */
class GagTest {
    @Test
    void aGaggedRequestIsLoggedAsACommitmentAndItsUserNoticeWaitsForTheGagToExpire() throws IOException {
        ManualTime clock = ManualTime.followingRealTime();
        try (App app = App.create(TestApp.seeded(Files.createTempDirectory("fulcrum-gag")), clock)
                .start()) {
            Http http = new Http(app.baseUrl());
            Http platform = http.bearer(app.module(AuthModule.class)
                    .tokens()
                    .issue("test", Role.PLATFORM, "platform", "p")
                    .secret());
            Http legal = http.session(new StaffSessions(app).signIn("legal.gag", Role.LEGAL));
            Authority france = Authority.register(legal, app.baseUrl(), "FR", "Parquet national antiterroriste", true)
                    .clock(clock.clock());
            assertThat(platform.postJson(
                                    "/v1/platform/events",
                                    Map.of("events", List.of(Events.post("ev-gag", "gag-0", "gag-chan", "propaganda"))))
                            .status())
                    .isEqualTo(200);
            Map<String, Object> order = new java.util.LinkedHashMap<>(Orders.tco("GAG-1", "FR", "gag-0"));
            order.put(
                    "gag",
                    Map.of(
                            "until",
                            clock.instant().plus(Duration.ofDays(30)).toString(),
                            "basis",
                            "Art. 11 of the code of criminal procedure"));
            Authority.Response r = france.submit(order);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().get("id").asText();
            Long sealed = app.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT COUNT(*) FROM log_entry WHERE kind = 'sealed'")
                            .mapTo(Long.class)
                            .one());
            assertThat(sealed).as("received and decided, as commitments only").isGreaterThanOrEqualTo(2);
            JsonNode notices = platform.get("/v1/lawful/notices?limit=500").json();
            assertThat(notices.toString()).doesNotContain(id);
            clock.jump(Duration.ofDays(31));
            JsonNode later = platform.get("/v1/lawful/notices?limit=500").json();
            assertThat(later.toString()).contains(id).contains("acct-gag-chan");
        }
    }
}

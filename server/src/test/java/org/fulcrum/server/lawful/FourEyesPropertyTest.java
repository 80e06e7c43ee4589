package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.decision.Disclosures;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No interleaving of approvals, sequential or concurrent, by legal staff, repeat approvers or staff
 * only claiming the legal role, lets a disclosure execute with fewer than two distinct legal approvers,
 * and none executes it twice.
 */
class FourEyesPropertyTest {
    static TestApp app;
    static Authority court;
    static List<Principal.Staff> actors = new ArrayList<>();
    static Set<String> legalIds = new HashSet<>();
    static int seq;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        StaffSessions staff = new StaffSessions(app.app());
        Http legal = app.http().session(staff.signIn("legal.a", Role.LEGAL));
        staff.signIn("legal.b", Role.LEGAL);
        staff.signIn("legal.c", Role.LEGAL);
        staff.signIn("moderator.d", Role.MODERATOR);
        for (String u : List.of("legal.a", "legal.b", "legal.c")) {
            Principal.Staff p = staff.principal(u);
            actors.add(p);
            legalIds.add(p.id());
        }
        // a moderator whose principal claims the legal role: the store must not believe it
        Principal.Staff mod = staff.principal("moderator.d");
        actors.add(new Principal.Staff(mod.id(), mod.username(), Set.of(Role.LEGAL, Role.MODERATOR)));
        court = Authority.register(legal, app.url(), "DE", "Landgericht", true);
        app.platform()
                .postJson(
                        "/v1/lawful/account-data",
                        Map.of(
                                "items",
                                List.of(Map.of(
                                        "accountId",
                                        "acct-p",
                                        "category",
                                        "phone_number",
                                        "value",
                                        "+49 30 000",
                                        "observedAt",
                                        "2026-11-01T00:00:00Z"))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Up to seven approval attempts, each by one of the four actors. */
    static List<Integer> attempts(Random r) {
        List<Integer> attempts = new ArrayList<>();
        for (int n = Seeded.between(r, 0, 7); n > 0; n--) {
            attempts.add(r.nextInt(4));
        }
        return attempts;
    }

    @Test
    void aDisclosureNeverExecutesWithFewerThanTwoDistinctLegalApprovers() {
        Seeded.forAll(
                40, r -> aDisclosureNeverExecutesWithFewerThanTwoDistinctLegalApprovers(attempts(r), r.nextBoolean()));
    }

    void aDisclosureNeverExecutesWithFewerThanTwoDistinctLegalApprovers(List<Integer> attempts, boolean concurrent)
            throws Exception {
        String id = court.submit(Orders.epoc("EPOC-P-" + (++seq), "DE", "acct-p", List.of("phone_number")))
                .json()
                .get("id")
                .asText();
        ConcurrentLinkedQueue<Disclosures.Approval> answers = new ConcurrentLinkedQueue<>();
        Runnable[] steps = attempts.stream()
                .map(i -> (Runnable) () -> {
                    try {
                        answers.add(app.app()
                                .module(LawfulModule.class)
                                .lawful()
                                .review()
                                .approveDisclosure(actors.get(i), id, "approved"));
                    } catch (FulcrumException.Conflict | FulcrumException.Forbidden expected) {
                        // repeat approvals, closed requests and non-legal staff are refused
                    }
                })
                .toArray(Runnable[]::new);
        if (concurrent) {
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Runnable step : steps) {
                    pool.submit(step);
                }
            }
        } else {
            for (Runnable step : steps) {
                step.run();
            }
        }
        Set<String> distinctLegal = new HashSet<>();
        for (int i : attempts) {
            if (legalIds.contains(actors.get(i).id())) {
                distinctLegal.add(actors.get(i).id());
            }
        }
        long executed = app.queryLong(
                "SELECT COUNT(*) FROM disclosure WHERE request_id = '" + id + "' AND status = 'executed'");
        assertThat(executed).isEqualTo(distinctLegal.size() >= 2 ? 1 : 0);
        assertThat(answers.stream().filter(Disclosures.Approval::executed).count())
                .isEqualTo(executed);
        assertThat(answers).allMatch(a -> !a.executed() || a.approvers() >= 2);
        long approvers = app.queryLong("SELECT COUNT(DISTINCT a.staff_id) FROM lawful_approval a JOIN disclosure d "
                + "ON a.target = 'disclosure:' || d.id WHERE d.request_id = '" + id + "'");
        assertThat(approvers).isEqualTo(Math.min(distinctLegal.size(), 2));
        if (executed == 1) {
            assertThat(app.queryString("SELECT status FROM lawful_request WHERE id = '" + id + "'"))
                    .isEqualTo("completed");
        }
    }
}

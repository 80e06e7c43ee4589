package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.SubjectKind;
import org.junit.jupiter.api.Test;

/**
 * Every statement Fulcrum can build — each DSA category, both decision grounds, each source type,
 * each restricting action, each subject kind — passes the Transparency Database's checks
 * ({@link DsaStatementSchema}), with the language, source and illegality fields where Fulcrum has them.
 */
class StatementBodyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    static final List<String> SOURCES = List.of(
            "SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY");

    static Decision decision(DsaCategory category, String groundKind, String source) {
        return new Decision(
                "dec-1",
                Optional.of("case-1"),
                "post-1",
                "staff:1",
                "remove",
                groundKind,
                groundKind.equals("legal") ? "§ 130 StGB" : "Terms 4.2 (hate speech)",
                Optional.empty(),
                category,
                "Reviewed after a notice.",
                List.of(),
                Optional.empty(),
                false,
                DecisionRequest.AutomatedDecision.AUTOMATED_DECISION_NOT_AUTOMATED,
                false,
                source,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                NOW);
    }

    @Test
    void aGroundStoredBehindItsLabelIsNamedOnceInTheStatementsText() {
        Decision d = decision(DsaCategory.SCAMS_AND_FRAUD, "policy", "SOURCE_VOLUNTARY");
        Decision automated = new Decision(
                d.id(),
                d.caseId(),
                d.subjectId(),
                d.decidedBy(),
                d.outcome(),
                d.groundKind(),
                "Terms of service: scam",
                d.explanation(),
                d.category(),
                d.facts(),
                d.territorialScope(),
                d.until(),
                true,
                d.automatedDecision(),
                d.manifestlyUnfounded(),
                d.sourceType(),
                d.contentType(),
                d.contentTypeOther(),
                d.reversedBy(),
                d.createdAt());
        String text = StatementText.render(
                "en", automated, SubjectKind.post, List.of(action(ActionType.remove)), NOW, "sor-1");
        assertThat(text)
                .contains("This decision is based on our terms of service, scam.")
                .doesNotContain("terms of service, Terms of service");
        assertThat(StatementText.render("en", d, SubjectKind.post, List.of(), NOW, "sor-1"))
                .contains("based on our terms of service, Terms 4.2 (hate speech).");
    }

    static Action action(ActionType type) {
        return new Action(
                "act-1",
                "post-1",
                type,
                type == ActionType.geo_restrict ? List.of("DE") : List.of(),
                Optional.empty(),
                type == ActionType.suspend ? Optional.of(NOW.plusSeconds(86_400)) : Optional.empty(),
                "moderation",
                Optional.empty(),
                "reason",
                "staff:1",
                Optional.empty(),
                NOW);
    }

    static JsonNode build(Decision d, StatementBody.Content content, ActionType type) {
        Map<String, Object> body = StatementBody.build("sor_1", d, content, List.of(action(type)));
        return JSON.valueToTree(body);
    }

    @Test
    void everyCategoryGroundSourceActionAndKindValidates() {
        List<String> problems = new ArrayList<>();
        int built = 0;
        for (DsaCategory category : DsaCategory.values()) {
            for (String ground : List.of("legal", "terms")) {
                for (String source : SOURCES) {
                    for (ActionType type : ActionType.values()) {
                        if (!StatementBody.owed(type)) {
                            continue;
                        }
                        for (SubjectKind kind : SubjectKind.values()) {
                            StatementBody.Content content = new StatementBody.Content(
                                    kind,
                                    true,
                                    kind == SubjectKind.media,
                                    NOW,
                                    Optional.of("pt-BR"),
                                    Optional.of("Jugendschutz Flagger e.V."));
                            JsonNode s = build(decision(category, ground, source), content, type);
                            built++;
                            DsaStatementSchema.violations(s)
                                    .forEach(v -> problems.add(category + "/" + ground + "/" + source + "/" + type + "/"
                                            + kind + ": " + v));
                        }
                    }
                }
            }
        }
        assertThat(built).isGreaterThan(1000);
        assertThat(problems).isEmpty();
    }

    @Test
    void theContentLanguageIsTheIso6391CodeInCapitals() {
        StatementBody.Content content =
                new StatementBody.Content(SubjectKind.post, true, false, NOW, Optional.of("pt-BR"), Optional.empty());
        JsonNode s =
                build(decision(DsaCategory.SCAMS_AND_FRAUD, "terms", "SOURCE_VOLUNTARY"), content, ActionType.remove);
        assertThat(s.get("content_language").asText()).isEqualTo("PT");
        StatementBody.Content unknown =
                new StatementBody.Content(SubjectKind.post, true, false, NOW, Optional.of("gsw"), Optional.empty());
        assertThat(build(decision(DsaCategory.SCAMS_AND_FRAUD, "terms", "SOURCE_VOLUNTARY"), unknown, ActionType.remove)
                        .has("content_language"))
                .as("no two-letter code for Swiss German")
                .isFalse();
    }

    @Test
    void aTrustedFlaggerIsNamedAndNobodyElse() {
        StatementBody.Content content = new StatementBody.Content(
                SubjectKind.post, true, false, NOW, Optional.empty(), Optional.of("Jugendschutz Flagger e.V."));
        assertThat(build(
                                decision(DsaCategory.PROTECTION_OF_MINORS, "legal", "SOURCE_TRUSTED_FLAGGER"),
                                content,
                                ActionType.remove)
                        .get("source_identity")
                        .asText())
                .isEqualTo("Jugendschutz Flagger e.V.");
        for (String source : List.of("SOURCE_ARTICLE_16", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY")) {
            assertThat(build(decision(DsaCategory.PROTECTION_OF_MINORS, "legal", source), content, ActionType.remove)
                            .has("source_identity"))
                    .as(source)
                    .isFalse();
        }
    }

    @Test
    void aTermsDecisionSaysItMadeNoFindingOfIllegality() {
        StatementBody.Content content = new StatementBody.Content(SubjectKind.post, true, false, NOW);
        assertThat(build(
                                decision(DsaCategory.ILLEGAL_OR_HARMFUL_SPEECH, "terms", "SOURCE_ARTICLE_16"),
                                content,
                                ActionType.remove)
                        .get("incompatible_content_illegal")
                        .asText())
                .isEqualTo("No");
        assertThat(build(
                                decision(DsaCategory.ILLEGAL_OR_HARMFUL_SPEECH, "legal", "SOURCE_ARTICLE_16"),
                                content,
                                ActionType.remove)
                        .has("incompatible_content_illegal"))
                .isFalse();
    }
}

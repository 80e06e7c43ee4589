package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.junit.jupiter.api.Test;

/** Schemas derived from records describe what Jackson writes for them. */
class OpenApiSchemaTest {
    private static final Json JSON = Json.strict();

    record Inner(String a, Optional<String> b, long c) {}

    record Outer(String id, @JsonUnwrapped Inner inner, String last) {}

    @Test
    @SuppressWarnings("unchecked")
    void anUnwrappedRecordComponentIsDescribedByItsOwnComponentsInItsPlace() throws Exception {
        OpenApi api = new OpenApi("test");
        assertThat(api.schemaOf(Outer.class))
                .isEqualTo(Map.of("$ref", "#/components/schemas/web.OpenApiSchemaTest.Outer"));
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) api.document().get("components")).get("schemas");
        assertThat(schemas).containsOnlyKeys("web.OpenApiSchemaTest.Outer");
        Map<String, Object> outer = (Map<String, Object>) schemas.get("web.OpenApiSchemaTest.Outer");
        Map<String, Object> properties = (Map<String, Object>) outer.get("properties");
        assertThat(properties.keySet()).containsExactly("id", "a", "b", "c", "last");
        assertThat(outer.get("required")).isEqualTo(List.of("id", "a", "last"));

        JsonNode written = JSON.mapper()
                .readTree(JSON.mapper().writeValueAsString(new Outer("1", new Inner("x", Optional.of("y"), 3), "z")));
        List<String> names = new ArrayList<>();
        written.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(properties.keySet());
    }
}

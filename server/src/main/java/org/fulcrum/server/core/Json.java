package org.fulcrum.server.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * The one JSON configuration, built once by {@link #strict()} where the node (or a command) is
 * composed and handed to what reads or writes JSON. Strict on the way in: unknown fields, duplicate
 * keys, trailing tokens, nulls for numbers and scalar coercions ("12" for 12, 1.5 for 1) are all
 * errors, and so are times outside {@link SaneInstants}' range.
 */
public final class Json {
    private final ObjectMapper mapper;

    private Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The strict configuration; build it once and pass it on, a mapper is costly to build. Parsers and
     * generators take their buffers from a pool of this configuration's, shared by all threads:
     * requests run on virtual threads, for which Jackson's default per-thread pool would allocate
     * fresh buffers every time.
     */
    public static Json strict() {
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                .build();
        ObjectMapper mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("sane-times").addDeserializer(Instant.class, new SaneInstants()))
                .addModule(new Jdk8Module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_ABSENT)
                .build();
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return new Json(mapper);
    }

    /** The configured mapper, for what the helpers below do not cover (trees, printers, Javalin). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@code value} as JSON text; a value that cannot be written is a bug, so unchecked. */
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code json} bound to {@code type}, failing as the mapper does. */
    public <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return mapper.readValue(json, type);
    }

    /** {@code json} bound to {@code type}, failing as the mapper does. */
    public <T> T read(String json, TypeReference<T> type) throws JsonProcessingException {
        return mapper.readValue(json, type);
    }

    /** {@code json} as a tree, failing as the mapper does. */
    public JsonNode tree(String json) throws JsonProcessingException {
        return mapper.readTree(json);
    }
}

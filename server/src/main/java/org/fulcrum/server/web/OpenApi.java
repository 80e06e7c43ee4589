package org.fulcrum.server.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document. Each feature describes its operations next to its routes; request and
 * response schemas are derived from the records the handlers bind, so they cannot drift apart.
 */
public final class OpenApi {
    private final Map<String, Map<String, Object>> paths = new TreeMap<>();
    private final Map<String, Object> schemas = new TreeMap<>();
    private final String version;

    public OpenApi(String version) {
        this.version = version;
    }

    /** Starts describing {@code method path}; the operation is added when {@link Op#add()} is called. */
    public Op op(String method, String path, String summary) {
        return new Op(method.toLowerCase(), template(path), summary);
    }

    /** Javalin's {@code <name>} (a parameter that may hold slashes) is {@code {name}} in OpenAPI. */
    public static String template(String path) {
        return path.replaceAll("<([^>]+)>", "{$1}");
    }

    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put(
                "info",
                Map.of(
                        "title",
                        "Fulcrum API",
                        "version",
                        version,
                        "description",
                        "Trust & safety and lawful-request platform for messaging services."));
        // Relative to where the document is served, so it is right behind any host or prefix.
        doc.put("servers", List.of(Map.of("url", "/")));
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        components.put(
                "securitySchemes",
                Map.of(
                        "bearer", Map.of("type", "http", "scheme", "bearer", "description", "API token"),
                        "session", Map.of("type", "apiKey", "in", "cookie", "name", "fulcrum_session"),
                        "httpSignature",
                                Map.of(
                                        "type",
                                        "apiKey",
                                        "in",
                                        "header",
                                        "name",
                                        "Signature",
                                        "description",
                                        "RFC 9421 HTTP Message Signature with Ed25519")));
        doc.put("components", components);
        return doc;
    }

    /** The type {@code List<element>}, for an answer that is a JSON array of records. */
    public static Type listOf(Class<?> element) {
        return new Generic(List.class, new Type[] {element});
    }

    /** The type {@code Map<String, value>}, for an answer that is a JSON object keyed by name, day or period. */
    public static Type mapOf(Type value) {
        return new Generic(Map.class, new Type[] {String.class, value});
    }

    private record Generic(Class<?> raw, Type[] arguments) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    }

    /** Whether {@code method path} is described (used by a test that checks every route is). */
    public boolean describes(String method, String path) {
        Map<String, Object> item = paths.get(template(path));
        return item != null && item.containsKey(method.toLowerCase());
    }

    private static final java.util.Set<Class<?>> BOXED =
            java.util.Set.of(Integer.class, Long.class, Double.class, Float.class, Boolean.class);

    Object schemaOf(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schemaOf(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schemaOf(args[1]));
            }
            if (raw == Optional.class) {
                return schemaOf(args[0]);
            }
            return Map.of();
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return Map.of("type", "integer");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return Map.of("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (c == byte[].class) {
            return Map.of("type", "string", "contentEncoding", "base64");
        }
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                values.add(constant.toString());
            }
            return Map.of("type", "string", "enum", values);
        }
        // A sealed interface read through a delegating @JsonCreator from one flat record (one record per
        // family inside, one object on the wire) is described by that record, under the interface's name.
        Class<?> wire = wireRecord(c);
        if (c.isRecord() || wire != null) {
            String name = schemaName(c);
            Class<?> shape = wire != null ? wire : c;
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of("type", "object")); // placeholder breaks recursion
                Map<String, Object> props = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                describeComponents(shape, props, required);
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("type", "object");
                schema.put("properties", props);
                schema.put("required", required);
                schema.put("additionalProperties", false);
                schemas.put(name, schema);
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }
        // Free-form values (a JSON tree, an Object): any JSON at all, which {} says.
        return Map.of();
    }

    /**
     * Adds a record's components to an object schema. A record component marked {@code @JsonUnwrapped}
     * is written by Jackson as its own components, in its place, so its properties are added here, with
     * no schema of its own.
     */
    private void describeComponents(Class<?> shape, Map<String, Object> props, List<String> required) {
        for (RecordComponent rc : shape.getRecordComponents()) {
            if (rc.getType().isRecord() && rc.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                describeComponents(rc.getType(), props, required);
                continue;
            }
            props.put(rc.getName(), schemaOf(rc.getGenericType()));
            // Optional and @Omittable components may be absent; a primitive one a request may leave
            // out (it reads as false or 0), and the shared schema must accept that request.
            // A boxed number or truth value is boxed to be absent (null is left out of answers).
            if (rc.getType() != Optional.class
                    && !rc.getType().isPrimitive()
                    && !BOXED.contains(rc.getType())
                    && !rc.isAnnotationPresent(Omittable.class)) {
                required.add(rc.getName());
            }
        }
    }

    /** The flat record a sealed interface is read from by its delegating {@code @JsonCreator}, or null. */
    static Class<?> wireRecord(Class<?> c) {
        if (!c.isInterface() || !c.isSealed()) {
            return null;
        }
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())
                    && m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)
                    && m.getParameterCount() == 1
                    && m.getParameterTypes()[0].isRecord()
                    && c.isAssignableFrom(m.getReturnType())) {
                return m.getParameterTypes()[0];
            }
        }
        return null;
    }

    /**
     * A record's schema name, qualified by its feature and enclosing types ({@code lawful.Orders.Submission},
     * {@code e2e.E2eReports.Submission}) so that records sharing a simple name never share a schema; a
     * package may name the namespace instead ({@link SchemaNamespace}).
     */
    static String schemaName(Class<?> c) {
        String name = c.getName();
        SchemaNamespace namespace = c.getPackage().getAnnotation(SchemaNamespace.class);
        if (namespace != null) {
            return namespace.value() + "."
                    + name.substring(c.getPackageName().length() + 1).replace('$', '.');
        }
        String prefix = "org.fulcrum.server.";
        return (name.startsWith(prefix) ? name.substring(prefix.length()) : name).replace('$', '.');
    }

    /** The operation's id: the method and the path's words in camel case ({@code getV1LogEntriesByIndex}). */
    static String operationId(String method, String path) {
        StringBuilder id = new StringBuilder(method);
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            boolean param = segment.startsWith("{");
            if (param) {
                id.append("By");
            }
            for (String word : segment.replaceAll("[{}]", "").split("[^A-Za-z0-9]+")) {
                if (!word.isEmpty()) {
                    id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
        }
        return id.toString();
    }

    /** One operation being described. */
    public final class Op {
        private final String method;
        private final String path;
        private final Map<String, Object> op = new LinkedHashMap<>();
        private final Map<String, Object> responses = new LinkedHashMap<>();
        private final List<Object> parameters = new ArrayList<>();

        Op(String method, String path, String summary) {
            this.method = method;
            this.path = path;
            op.put("summary", summary);
        }

        public Op tag(String tag) {
            op.put("tags", List.of(tag));
            return this;
        }

        public Op body(Type type) {
            op.put(
                    "requestBody",
                    Map.of("required", true, "content", Map.of("application/json", Map.of("schema", schemaOf(type)))));
            return this;
        }

        public Op response(int status, String description, Type type) {
            String media = type == Problem.class ? "application/problem+json" : "application/json";
            responses.put(
                    String.valueOf(status),
                    Map.of("description", description, "content", Map.of(media, Map.of("schema", schemaOf(type)))));
            return this;
        }

        public Op response(int status, String description, String mediaType) {
            // A JSON answer given by media type alone is free-form JSON ({}); any other is text.
            Map<String, Object> schema = mediaType.endsWith("json") ? Map.of() : Map.of("type", "string");
            responses.put(
                    String.valueOf(status),
                    Map.of("description", description, "content", Map.of(mediaType, Map.of("schema", schema))));
            return this;
        }

        /** The answer of {@code status} may also come as text in {@code mediaType} (e.g. a readable summary). */
        @SuppressWarnings("unchecked")
        public Op alsoAs(int status, String mediaType) {
            Map<String, Object> response = (Map<String, Object>) responses.get(String.valueOf(status));
            if (response == null) {
                throw new IllegalStateException("no answer " + status + " to add " + mediaType + " to");
            }
            Map<String, Object> content = new LinkedHashMap<>((Map<String, Object>) response.get("content"));
            content.put(mediaType, Map.of("schema", Map.of("type", "string")));
            responses.put(
                    String.valueOf(status), Map.of("description", response.get("description"), "content", content));
            return this;
        }

        public Op response(int status, String description) {
            responses.put(String.valueOf(status), Map.of("description", description));
            return this;
        }

        public Op param(String in, String name, String type, boolean required, String description) {
            parameters.add(Map.of(
                    "in",
                    in,
                    "name",
                    name,
                    "required",
                    required,
                    "description",
                    description,
                    "schema",
                    Map.of("type", type)));
            return this;
        }

        public Op security(String scheme) {
            op.put("security", List.of(Map.of(scheme, List.of())));
            return this;
        }

        public void add() {
            for (String segment : path.split("/")) {
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    String name = segment.substring(1, segment.length() - 1);
                    boolean declared = parameters.stream().anyMatch(p -> name.equals(((Map<?, ?>) p).get("name")));
                    if (!declared) {
                        param("path", name, "string", true, name);
                    }
                }
            }
            if (!parameters.isEmpty()) {
                op.put("parameters", parameters);
            }
            op.put("operationId", operationId(method, path));
            // No global requirement exists, so an operation that names no scheme is public; say so.
            op.putIfAbsent("security", List.of());
            Map<String, Object> problem = Map.of("application/problem+json", Map.of("schema", schemaOf(Problem.class)));
            responses.putIfAbsent("4XX", Map.of("description", "Problem details (RFC 9457)", "content", problem));
            op.put("responses", responses);
            paths.computeIfAbsent(path, p -> new TreeMap<>()).put(method, op);
        }
    }
}

package org.fulcrum.server.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;

/**
 * Reads request bodies: checks the declared type and the size limit, then binds JSON strictly to a
 * record, turning every binding failure into an {@link FulcrumException.InvalidInput} that names
 * the field by its JSON path.
 */
public final class Bodies {
    private final long maxBytes;
    private final Json json;

    public Bodies(long maxBytes, Json json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    public <T> T json(Context ctx, Class<T> type) {
        return json(ctx, type, maxBytes);
    }

    public <T> T json(Context ctx, Class<T> type, long limit) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new FulcrumException.InvalidInput("Content-Type", "must be application/json");
        }
        return parse(bytes(ctx, limit), type);
    }

    /** The raw body, refusing more than {@code limit} bytes before reading them all. */
    public byte[] bytes(Context ctx, long limit) {
        long declared = ctx.contentLength();
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > limit) {
                drain(in);
                throw new BodyTooLarge(limit);
            }
            if (declared >= 0) {
                // The declared length is within the limit: read into one array of that size.
                byte[] data = new byte[(int) declared];
                int read = in.readNBytes(data, 0, data.length);
                if (read < data.length) {
                    throw new FulcrumException.InvalidInput(
                            "body", "ended after " + read + " of the " + declared + " bytes declared");
                }
                return data;
            }
            byte[] data = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (data.length > limit) {
                drain(in);
                throw new BodyTooLarge(limit);
            }
            return data;
        } catch (IOException e) {
            throw new FulcrumException.InvalidInput("body", "could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #DRAIN_MAX}, so the client reliably
     * receives the 413 instead of a reset connection; a larger body is cut off.
     */
    private static void drain(InputStream in) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[8192];
        int n;
        while (skipped < DRAIN_MAX && (n = in.read(buffer)) > 0) {
            skipped += n;
        }
    }

    /** The most of a refused body that is read and dropped before answering. */
    private static final long DRAIN_MAX = 8L << 20;

    /** {@code body} bound strictly to {@code type}, whatever its size. */
    public <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new FulcrumException.InvalidInput("body", "is empty");
        }
        try {
            T value = json.mapper().readValue(body, type);
            if (value == null) {
                // a bare JSON null binds to no record at all
                throw new FulcrumException.InvalidInput(
                        "body",
                        "must be a JSON "
                                + (type.isArray() || java.util.Collection.class.isAssignableFrom(type)
                                        ? "array"
                                        : "object")
                                + ", not null");
            }
            return value;
        } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
            throw new FulcrumException.InvalidInput("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof FulcrumException.InvalidInput invalid) {
                throw new FulcrumException.InvalidInput(join(path(e), invalid.field()), invalid.getMessage());
            }
            throw new FulcrumException.InvalidInput(path(e), rootMessage(e));
        } catch (UnrecognizedPropertyException e) {
            throw new FulcrumException.InvalidInput(path(e), "unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw new FulcrumException.InvalidInput(
                    path(e),
                    "has the wrong type or format: expected "
                            + e.getTargetType().getSimpleName() + ", got " + e.getValue());
        } catch (MismatchedInputException e) {
            String expected = e.getTargetType() == null
                    ? "another type"
                    : e.getTargetType().getSimpleName();
            throw new FulcrumException.InvalidInput(path(e), "has the wrong type: expected " + expected);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof FulcrumException.InvalidInput invalid) {
                throw new FulcrumException.InvalidInput(join(path(e), invalid.field()), invalid.getMessage());
            }
            if (e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamReadException syntax) {
                String where = path(e);
                throw new FulcrumException.InvalidInput(
                        syntax.getMessage().startsWith("Duplicate field") ? where : "body",
                        "is not valid JSON: " + syntax.getOriginalMessage());
            }
            throw new FulcrumException.InvalidInput(path(e), rootMessage(e));
        } catch (JacksonException e) {
            throw new FulcrumException.InvalidInput("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FulcrumException.InvalidInput("body", "could not be read");
        }
    }

    private static String rootMessage(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof JsonMappingException jm ? jm.getOriginalMessage() : String.valueOf(t.getMessage());
    }

    private static String join(String prefix, String field) {
        if (prefix.isEmpty() || prefix.equals("body")) {
            return field;
        }
        return field == null || field.isEmpty() ? prefix : prefix + "." + field;
    }

    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    /** The body is over the limit: answered with 413. */
    public static final class BodyTooLarge extends FulcrumException {
        public BodyTooLarge(long limit) {
            super("request body is larger than the limit of " + limit + " bytes");
        }

        @Override
        public int status() {
            return 413;
        }

        @Override
        public String problemType() {
            return "body-too-large";
        }

        @Override
        public String title() {
            return "Request body too large";
        }
    }
}

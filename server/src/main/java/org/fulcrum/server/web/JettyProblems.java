package org.fulcrum.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.fulcrum.server.core.Json;

/**
 * Answers that Jetty gives before a request reaches the application (a path that is not UTF-8, an
 * ambiguous or malformed URI, headers too large) are RFC 9457 problem documents too, with the same
 * security headers as every other answer.
 */
final class JettyProblems extends ErrorHandler {
    private final Json json;
    private final boolean https;

    /** @param https whether the public URL is https (browsers are then told to stay on https) */
    JettyProblems(Json json, boolean https) {
        this.json = json;
        this.https = https;
    }

    /** Jetty writes error bodies only for GET, POST and HEAD by default; every method gets its problem. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String title = HttpStatus.getMessage(code);
        Problem problem =
                Problem.of(code, "http-" + code, title, message == null || message.isBlank() ? title : message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.CONTENT_TYPE);
        // the request was refused before its body was read: the connection is not reused
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        SecurityHeaders.always(https).forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(json.write(problem).getBytes(StandardCharsets.UTF_8)), callback);
    }
}

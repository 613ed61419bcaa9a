package io.woosync.odoo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The JDK HTTP client, bounded: a connect timeout on every connection and a request timeout on
 * every call, so no Odoo call can hang a worker. HTTP/1.1 only (Odoo's werkzeug server speaks
 * nothing else). The JDK client never re-sends a POST by itself, so a create is sent at most once
 * per attempt.
 */
final class OdooHttp {

    /** An HTTP answer: status, content type and the raw body. */
    record Answer(int status, String contentType, byte[] body) {
        boolean isJson() {
            return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;
    private final Duration callTimeout;

    OdooHttp(Duration connectTimeout, Duration callTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.callTimeout = callTimeout;
    }

    Duration callTimeout() {
        return callTimeout;
    }

    Answer post(OdooErrors.Call call, URI uri, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(callTimeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(call, b.build());
    }

    Answer get(OdooErrors.Call call, URI uri) {
        return send(call, HttpRequest.newBuilder(uri).timeout(callTimeout).header("Accept", "application/json").GET().build());
    }

    private Answer send(OdooErrors.Call call, HttpRequest request) {
        try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            throw OdooErrors.fromIo(call, e, callTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OdooErrors.fromIo(call, new java.io.InterruptedIOException("interrupted"), callTimeout);
        }
    }
}

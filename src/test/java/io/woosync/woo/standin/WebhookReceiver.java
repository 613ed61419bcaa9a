package io.woosync.woo.standin;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** A webhook target for tests: 127.0.0.1, random port, records each request, answers {@link #answer} (200 by default). */
public final class WebhookReceiver implements AutoCloseable {

    /** One received request: path, headers (first value each), raw body. */
    public record Received(String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile int answer = 200;

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            try {
                Map<String, String> headers = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                byte[] body = ex.getRequestBody().readAllBytes();
                synchronized (received) {
                    received.add(new Received(ex.getRequestURI().getPath(), headers, body));
                }
                ex.sendResponseHeaders(answer, -1);
            } finally {
                ex.close();
            }
        });
    }

    public static WebhookReceiver start() {
        try {
            WebhookReceiver r = new WebhookReceiver();
            r.server.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The status to answer from now on (e.g. 500 to make WooCommerce count failures). */
    public void answer(int status) {
        this.answer = status;
    }

    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

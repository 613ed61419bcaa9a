import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for bench/webhooks.sh: signed WooCommerce order webhooks over raw HTTP/1.1
 * keep-alive sockets, one thread per connection. Bodies are the real fixture
 * 021-order_created.body with a unique order id each (so every request is a new delivery and a
 * new job: no dedupe, no folding).
 *
 *   java LoadGen.java encrypt <base64 key> <key id> <slug> <secret>   → ciphertext for tenant.woo_webhook_secret_enc
 *   java LoadGen.java closed <port> <slug> <secret> <body file> <connections> <seconds>
 *   java LoadGen.java open   <port> <slug> <secret> <body file> <connections> <seconds> <rate/s>
 *
 * Prints one line: requests, accepted (200), errors, rate, p50/p90/p99/max latency in ms. In open
 * mode, latency is measured from each request's scheduled send time (no coordinated omission).
 * LOADGEN_WARMUP_SECONDS=N: run N seconds more at the start, unmeasured (this JVM warming up is
 * not the service's latency). TIMELINE=1: print the 100 ms slots with slow answers to stderr.
 */
public class LoadGen {

    /** Unique across runs against the same database: every request is a new delivery (no dedupe). */
    static final AtomicLong ORDER_ID = new AtomicLong((System.currentTimeMillis() % 100_000_000L) * 10_000L);

    static final byte[] BODY_PREFIX = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DELIVERY_ID = "\r\nX-WC-Webhook-Delivery-ID: bench".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CONTENT_LENGTH = "\r\nContent-Length: ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Every request answered, warm-up included (for CPU per request, which is measured over the whole run). */
    static final AtomicLong SENT_IN_ALL = new AtomicLong();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "encrypt" -> System.out.println(encrypt(args[1], args[2], args[3], args[4]));
            case "closed" -> run(args, false);
            case "open" -> run(args, true);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String encrypt(String keyB64, String keyId, String slug, String plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(keyB64), "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(("tenant:" + slug + ":woo_webhook_secret").getBytes(StandardCharsets.UTF_8));
        byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[iv.length + ct.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(ct, 0, out, iv.length, ct.length);
        return "v1:" + keyId + ":" + Base64.getEncoder().encodeToString(out);
    }

    static void run(String[] args, boolean open) throws Exception {
        int port = Integer.parseInt(args[1]);
        String slug = args[2];
        String secret = args[3];
        String template = Files.readString(Path.of(args[4]), StandardCharsets.UTF_8);
        int connections = Integer.parseInt(args[5]);
        long seconds = Long.parseLong(args[6]);
        double rate = open ? Double.parseDouble(args[7]) : 0;
        // Sent but not measured first: this JVM's own start (threads, connections, its JIT) is not the service's latency.
        long warmupSeconds = Long.parseLong(System.getenv().getOrDefault("LOADGEN_WARMUP_SECONDS", "0"));
        if (!template.startsWith("{\"id\":")) {
            throw new IllegalStateException("body template must start with {\"id\":");
        }
        byte[] restBytes = template.substring(template.indexOf(',')).getBytes(StandardCharsets.UTF_8);
        byte[] headStart = ("POST /webhooks/woocommerce/" + slug + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUser-Agent: WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)\r\nContent-Type: application/json"
                + "\r\nX-WC-Webhook-Source: http://127.0.0.1:8088/\r\nX-WC-Webhook-Topic: order.created"
                + "\r\nX-WC-Webhook-Resource: order\r\nX-WC-Webhook-Event: created\r\nX-WC-Webhook-ID: 1"
                + "\r\nX-WC-Webhook-Signature: ").getBytes(StandardCharsets.US_ASCII);
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");

        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        Samples[] samples = new Samples[connections];
        Thread[] threads = new Thread[connections];
        for (int t = 0; t < connections; t++) {
            int index = t;
            Samples mine = samples[t] = new Samples();
            threads[t] = new Thread(() -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(key);
                    Socket socket = connect(port);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
                    java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream(8192);
                    double interval = open ? connections * 1e9 / rate : 0;
                    long next = start + (long) (interval * index / connections);
                    while (true) {
                        long scheduled;
                        if (open) {
                            scheduled = next;
                            next += (long) interval;
                            if (scheduled >= end) {
                                break;
                            }
                            long wait = scheduled - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                        } else {
                            scheduled = System.nanoTime();
                            if (scheduled >= end) {
                                break;
                            }
                        }
                        // Built from bytes prepared once: this process shares the machine's two
                        // cores with the service, so its own CPU per request is kept small.
                        long id = ORDER_ID.incrementAndGet();
                        byte[] idBytes = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
                        mac.update(BODY_PREFIX);
                        mac.update(idBytes);
                        mac.update(restBytes);
                        byte[] signature = Base64.getEncoder().encode(mac.doFinal());
                        int bodyLength = BODY_PREFIX.length + idBytes.length + restBytes.length;
                        request.reset();
                        request.write(headStart);
                        request.write(signature);
                        request.write(DELIVERY_ID);
                        request.write(idBytes);
                        request.write(CONTENT_LENGTH);
                        request.write(Integer.toString(bodyLength).getBytes(StandardCharsets.US_ASCII));
                        request.write(HEAD_END);
                        request.write(BODY_PREFIX);
                        request.write(idBytes);
                        request.write(restBytes);
                        long sent = System.nanoTime();
                        request.writeTo(out);
                        out.flush();
                        int status = readResponse(in);
                        long done = System.nanoTime();
                        SENT_IN_ALL.incrementAndGet();
                        if (scheduled >= measureFrom) {
                            mine.add(done - scheduled, done - sent, sent, status == 200);
                        }
                    }
                    socket.close();
                } catch (IOException | java.security.GeneralSecurityException e) {
                    mine.errors++;
                    System.err.println("connection " + index + ": " + e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (Math.max(System.nanoTime(), end) - measureFrom) / 1e9;
        long[] all = Arrays.stream(samples).flatMapToLong(s -> Arrays.stream(s.fromScheduled, 0, s.n)).sorted().toArray();
        long[] answered = Arrays.stream(samples).flatMapToLong(s -> Arrays.stream(s.fromSend, 0, s.n)).sorted().toArray();
        long ok = Arrays.stream(samples).mapToLong(s -> s.accepted).sum();
        long bad = Arrays.stream(samples).mapToLong(s -> s.errors).sum();
        if (System.getenv("TIMELINE") != null) {
            timeline(samples, measureFrom, seconds);
        }
        System.out.printf("requests=%d accepted=%d errors=%d rate=%.0f/s p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms"
                        + " | from send: p50=%.1fms p99=%.1fms max=%.1fms | with warm-up=%d%n",
                all.length, ok, bad, ok / elapsed, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), pct(all, 1.0),
                pct(answered, 0.50), pct(answered, 0.99), pct(answered, 1.0), SENT_IN_ALL.get());
    }

    /** One connection's measured requests (growing arrays: no guess of how many there will be). */
    static final class Samples {
        long[] fromScheduled = new long[4096];
        long[] fromSend = new long[4096];
        long[] sentAt = new long[4096];
        int n;
        long accepted;
        long errors;

        void add(long scheduledToDone, long sendToDone, long sent, boolean ok) {
            if (n == fromScheduled.length) {
                fromScheduled = Arrays.copyOf(fromScheduled, n * 2);
                fromSend = Arrays.copyOf(fromSend, n * 2);
                sentAt = Arrays.copyOf(sentAt, n * 2);
            }
            fromScheduled[n] = scheduledToDone;
            fromSend[n] = sendToDone;
            sentAt[n++] = sent;
            if (ok) {
                accepted++;
            } else {
                errors++;
            }
        }
    }

    /** TIMELINE=1: to stderr, each 100 ms of the run whose slowest answer (from send) took over 20 ms: where the stalls were. */
    static void timeline(Samples[] samples, long from, long seconds) {
        int slots = (int) (seconds * 10 + 1);
        long[] count = new long[slots];
        long[] worst = new long[slots];
        for (Samples s : samples) {
            for (int i = 0; i < s.n; i++) {
                int slot = (int) Math.max(0, Math.min(slots - 1, (s.sentAt[i] - from) / 100_000_000L));
                count[slot]++;
                worst[slot] = Math.max(worst[slot], s.fromSend[i]);
            }
        }
        System.err.println("timeline from " + java.time.Instant.now().minusNanos(System.nanoTime() - from));
        for (int i = 0; i < slots; i++) {
            if (worst[i] > 20_000_000L) {
                System.err.printf("t=%5.1fs sent=%d slowest=%.1fms%n", i / 10.0, count[i], worst[i] / 1e6);
            }
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Reads one HTTP/1.1 response (Content-Length framed) and returns its status. */
    static int readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        long contentLength = 0;
        boolean first = true;
        while (true) {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (first) {
                status = Integer.parseInt(line.substring(9, 12));
                first = false;
            } else if (line.length() == 0) {
                break;
            } else if (line.toString().toLowerCase().startsWith("content-length:")) {
                contentLength = Long.parseLong(line.substring(15).trim());
            }
        }
        for (long i = 0; i < contentLength; i++) {
            if (in.read() < 0) {
                throw new IOException("connection closed in body");
            }
        }
        return status;
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal OpenID Connect issuer for bench/prod-start.sh: it publishes a discovery document and
 * a JWKS with a fresh RSA key, and mints RS256 access tokens signed with that key, so that the
 * packaged app runs its real OIDC verification against it. Loopback only; JDK only, run as
 * {@code java bench/OidcTestIssuer.java <port-file>} (single-file source launch).
 *
 * <p>Not an identity provider: there is no login. {@code GET /test/token?sub=..&groups=a,b&tenants=x,y}
 * answers a signed token for anyone who can reach the loopback port.
 */
public final class OidcTestIssuer {

    public static void main(String[] args) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        String kid = "bench-1";

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String discovery = "{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base + "/auth\","
                + "\"token_endpoint\":\"" + base + "/token\",\"jwks_uri\":\"" + base + "/jwks\",\"end_session_endpoint\":\"" + base + "/logout\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + b64(unsigned(pub.getModulus().toByteArray())) + "\",\"e\":\"" + b64(unsigned(pub.getPublicExponent().toByteArray()))
                + "\"}]}";

        server.createContext("/.well-known/openid-configuration", ex -> send(ex, 200, discovery));
        server.createContext("/jwks", ex -> send(ex, 200, jwks));
        server.createContext("/test/token", ex -> {
            Map<String, String> q = query(ex.getRequestURI());
            long now = System.currentTimeMillis() / 1000;
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
            String payload = "{\"iss\":\"" + base + "\",\"sub\":\"" + q.getOrDefault("sub", "bench") + "\","
                    + "\"preferred_username\":\"" + q.getOrDefault("sub", "bench") + "\","
                    + "\"groups\":" + jsonList(q.getOrDefault("groups", "")) + ",\"tenants\":" + jsonList(q.getOrDefault("tenants", ""))
                    + ",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
            try {
                String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initSign(keys.getPrivate());
                rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                send(ex, 200, signingInput + "." + b64(rs256.sign()));
            } catch (Exception e) {
                send(ex, 500, e.toString());
            }
        });
        server.createContext("/", ex -> send(ex, 404, "{\"error\":\"not_found\"}"));
        server.start();
        Files.writeString(Path.of(args[0]), Integer.toString(server.getAddress().getPort()));
        System.out.println("OIDC test issuer at " + base);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static String jsonList(String csv) {
        StringBuilder sb = new StringBuilder("[");
        for (String item : csv.split(",")) {
            if (!item.isBlank()) {
                sb.append(sb.length() > 1 ? "," : "").append('"').append(item.trim().replaceAll("[^A-Za-z0-9_.-]", "")).append('"');
            }
        }
        return sb.append(']').toString();
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement.length > 1 && twosComplement[0] == 0
                ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package org.mfaportal.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scripted stand-in for the IAM/STS query endpoint (JDK HTTP server on a free local port): answers each request
 * with whatever the test's script says for its form parameters, and records every request it receives.
 */
final class StubAwsEndpoint implements AutoCloseable {

    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Map<String, String>, Reply> script = params -> new Reply(500, error("InternalFailure"));

    StubAwsEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new AssertionError("stub endpoint could not bind: " + e, e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(Function<Map<String, String>, Reply> script) {
        this.script = script;
    }

    /** Requests received so far, each as its decoded form parameters. */
    List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    long requestsFor(String action) {
        return requests.stream().filter(r -> action.equals(r.get("Action"))).count();
    }

    void clear() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Map<String, String> params = decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            requests.add(params);
            Reply reply = script.apply(params);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-request-" + requests.size());
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /** An AWS query-protocol error body. */
    static String error(String code) {
        return """
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <Error><Type>Receiver</Type><Code>%s</Code><Message>stubbed failure</Message></Error>
                  <RequestId>stub-request</RequestId>
                </ErrorResponse>""".formatted(code);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

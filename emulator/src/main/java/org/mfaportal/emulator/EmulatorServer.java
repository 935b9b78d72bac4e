package org.mfaportal.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Set;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The emulator's HTTP listener (JDK {@code HttpServer}): AWS Query API for IAM and STS on {@code /}, JSON control
 * endpoint on {@code /_emulator/}.
 */
public final class EmulatorServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmulatorServer.class.getName());
    private static final int MAX_BODY_BYTES = 1 << 20;
    /**
     * Threads that serve requests. Most of them sleep out a {@link LatencyModel}'s delay most of the time, so there
     * are enough for a benchmark's hundred clients; idle ones end after a minute.
     */
    private static final int THREADS = 256;
    /** Connections remembered as seen, to charge a {@link LatencyModel}'s handshakes once per connection. */
    private static final int REMEMBERED_CONNECTIONS = 4096;

    private final AwsEmulator emulator;
    private final ControlEndpoint control;
    private final FederationEndpoint federation;
    private HttpServer server;
    private ExecutorService executor;
    private URI endpoint;
    private long connectionsOpened;
    /** Client ends (address and port) of recent connections: a request from a new one opened a connection. */
    private final Set<InetSocketAddress> seenConnections = Collections.newSetFromMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Boolean> eldest) {
                    return size() > REMEMBERED_CONNECTIONS;
                }
            });

    public EmulatorServer(AwsEmulator emulator) {
        this.emulator = emulator;
        this.control = new ControlEndpoint(emulator);
        this.federation = new FederationEndpoint(emulator);
    }

    /** The emulator this server exposes, for in-process control. */
    public AwsEmulator emulator() {
        return emulator;
    }

    /**
     * Starts listening; port 0 picks a free port.
     *
     * @return the endpoint to give the AWS SDK as endpoint override
     */
    public synchronized URI start(String host, int port) {
        if (server != null) {
            throw new IllegalStateException("already started on " + endpoint);
        }
        // The JDK server writes headers and body separately with Nagle's algorithm on unless told otherwise; with
        // the SDK's delayed ACKs every AWS call then stalls ~40 ms on loopback (bench/: 48.9 ms -> 5.6 ms per
        // ListMFADevices). Read once, when the JVM's first HttpServer starts; the emulator is the portal's only one.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(host, port), 64);
            AtomicInteger threadNumber = new AtomicInteger();
            ThreadFactory threads = runnable -> {
                Thread thread = new Thread(runnable, "aws-emulator-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), threads);
            pool.allowCoreThreadTimeOut(true);
            executor = pool;
            created.setExecutor(executor);
            created.createContext("/", this::serve);
            created.start();
            server = created;
            String hostPart = host.contains(":") ? "[" + host + "]" : host;
            endpoint = URI.create("http://" + hostPart + ":" + created.getAddress().getPort());
            LOG.log(System.Logger.Level.INFO, "AWS IAM/STS emulator listening on " + endpoint);
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("AWS emulator could not listen on " + host + ":" + port, e);
        }
    }

    /** Where the server listens. @throws IllegalStateException before {@link #start} */
    public synchronized URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("emulator server not started");
        }
        return endpoint;
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Stops listening; idempotent. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        executor = null;
        endpoint = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, "text/plain", "request body too large".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(ControlEndpoint.PREFIX) || path.startsWith(ControlEndpoint.PREFIX + "/")) {
                send(exchange, control.handle(exchange.getRequestMethod(), path, body));
                return;
            }
            if (path.equals(FederationEndpoint.PATH)) {
                send(exchange, federation.handle(exchange.getRequestURI().getRawQuery(), body));
                return;
            }
            AwsEmulator.Response response = emulator.handle(new AwsEmulator.Request(exchange.getRequestMethod(),
                    path, exchange.getRequestURI().getRawQuery(), headers(exchange), body),
                    newConnection(exchange.getRemoteAddress()));
            if (response.latencyMillis() > 0) {
                Thread.sleep(response.latencyMillis());
            }
            if (response.dropConnection()) {
                // closing before sending headers makes HttpServer close the socket: the client sees no response
                return;
            }
            send(exchange, response.status(), "text/xml", response.body().getBytes(StandardCharsets.UTF_8),
                    response.requestId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "AWS emulator exchange failed: " + e.getClass().getSimpleName());
        }
    }

    /** Whether this is the first request seen from that client end, i.e. on a new connection. */
    private boolean newConnection(InetSocketAddress client) {
        synchronized (seenConnections) {
            boolean added = seenConnections.add(client);
            if (added) {
                connectionsOpened++;
            }
            return added;
        }
    }

    /** How many connections clients opened for AWS calls since the start (each paid the handshakes once). */
    public long connectionsOpened() {
        synchronized (seenConnections) {
            return connectionsOpened;
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        return headers;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        send(exchange, reply.status(), reply.contentType(), reply.body().getBytes(StandardCharsets.UTF_8), null);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, String requestId)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

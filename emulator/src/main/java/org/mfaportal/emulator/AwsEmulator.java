package org.mfaportal.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.mfaportal.emulator.EmulatorState.UserKey;
import org.mfaportal.emulator.EmulatorState.Session;

/**
 * The emulated AWS account behind the HTTP listener: authenticates AWS Query requests (SigV4), runs IAM and STS
 * actions against in-memory state, injects faults, and offers the knobs tests turn (clock, faults, propagation
 * delay, reset). Thread-safe; usable without Quarkus and without HTTP.
 */
public final class AwsEmulator {

    private static final System.Logger LOG = System.getLogger(AwsEmulator.class.getName());

    private final EmulatorSettings settings;
    private final EmulatorClock clock;
    private final FaultInjector faults;
    private final IamActions iam = new IamActions(this);
    private final StsActions sts = new StsActions(this);
    /** Draws latency jitter and propagation delays; apart from the fault injector's, so neither shifts the other. */
    private final Random timing;
    private volatile EmulatorState state;
    private volatile Duration propagationDelay;
    private volatile Duration propagationDelayMax;
    private volatile LatencyModel latency;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    /** An emulator on the system clock. */
    public AwsEmulator(EmulatorSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** An emulator whose time is {@code baseClock} plus whatever {@link #advanceClock} adds. */
    public AwsEmulator(EmulatorSettings settings, Clock baseClock) {
        this.settings = settings;
        this.clock = new EmulatorClock(baseClock);
        this.faults = new FaultInjector(settings.randomSeed());
        this.timing = new Random(settings.randomSeed() ^ 0x5DEECE66DL);
        this.propagationDelay = settings.propagationDelay();
        this.propagationDelayMax = settings.propagationDelayMax();
        this.latency = settings.latency();
        this.state = new EmulatorState(settings, clock.instant());
    }

    // ------------------------------------------------------------------ knobs

    /** The account id in every ARN. */
    public String accountId() {
        return settings.accountId();
    }

    /** Access key id of the built-in admin principal (the portal). */
    public String portalAccessKeyId() {
        return settings.portalAccessKeyId();
    }

    /** Secret of the built-in admin principal. */
    public String portalSecretAccessKey() {
        return settings.portalSecretAccessKey();
    }

    /** The emulator's clock (TOTP steps, key propagation, session expiry, timestamps). */
    public EmulatorClock clock() {
        return clock;
    }

    /** Moves the emulator's time forward, e.g. 30 s for the next TOTP step; no test needs to sleep. */
    public void advanceClock(Duration by) {
        clock.advance(by);
    }

    /** Replaces the injected faults; counters restart. */
    public void setFaults(Faults newFaults) {
        faults.set(newFaults);
    }

    /** Turns every injected fault off. */
    public void clearFaults() {
        faults.set(Faults.none());
    }

    public Faults faults() {
        return faults.current();
    }

    /** How long access keys created from now on answer {@code InvalidClientTokenId}. */
    public void setPropagationDelay(Duration delay) {
        setPropagationDelay(delay, delay);
    }

    /** Access keys created from now on answer {@code InvalidClientTokenId} for a time drawn from this range. */
    public synchronized void setPropagationDelay(Duration shortest, Duration longest) {
        if (shortest.isNegative() || longest.compareTo(shortest) < 0) {
            throw new IllegalArgumentException("propagation delay: 0 <= shortest <= longest");
        }
        this.propagationDelay = shortest;
        this.propagationDelayMax = longest;
    }

    /** The shortest propagation delay of a new key (the delay, when it is fixed). */
    public Duration propagationDelay() {
        return propagationDelay;
    }

    /** The longest propagation delay of a new key. */
    public Duration propagationDelayMax() {
        return propagationDelayMax;
    }

    /** The propagation delay of a key created now: uniformly within the configured range. */
    synchronized Duration drawPropagationDelay() {
        long spread = propagationDelayMax.minus(propagationDelay).toMillis();
        return spread <= 0 ? propagationDelay
                : propagationDelay.plusMillis((long) (timing.nextDouble() * (spread + 1)));
    }

    /** Replaces the added latency of AWS calls from the next call on. */
    public void setLatency(LatencyModel model) {
        this.latency = model == null ? LatencyModel.NONE : model;
    }

    public LatencyModel latency() {
        return latency;
    }

    /** Applies a named profile: its latency and its propagation delay range. */
    public void applyProfile(LatencyModel.Profile profile) {
        setLatency(profile.latency());
        setPropagationDelay(profile.propagationMin(), profile.propagationMax());
    }

    private synchronized long drawLatency(LatencyModel.ServiceLatency service, boolean newConnection) {
        return service.draw(timing, newConnection);
    }

    /** Back to the configured start: seeded users and roles only, clock offset zero, no faults, configured delay. */
    public void reset() {
        clock.resetOffset();
        faults.set(Faults.none());
        faults.reseed(settings.randomSeed());
        synchronized (this) {
            timing.setSeed(settings.randomSeed() ^ 0x5DEECE66DL);
            propagationDelay = settings.propagationDelay();
            propagationDelayMax = settings.propagationDelayMax();
        }
        latency = settings.latency();
        state = new EmulatorState(settings, clock.instant());
        calls.clear();
        LOG.log(System.Logger.Level.INFO, "AWS emulator reset");
    }

    /** Counts of users, devices, keys and sessions, plus clock, delay and faults, for dashboards and tests. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>(state.counts(clock.instant()));
        summary.put("accountId", accountId());
        summary.put("now", Xml.timestamp(clock.instant()));
        summary.put("clockOffsetSeconds", clock.offset().toSeconds());
        summary.put("propagationDelaySeconds", propagationDelay.toSeconds());
        summary.put("propagationDelayMaxSeconds", propagationDelayMax.toSeconds());
        summary.put("latency", latency);
        summary.put("faults", faults.current());
        return summary;
    }

    /**
     * In-process test hook: the Base32 seed of a device, e.g. one made by {@code generated-users}. Never reachable
     * over HTTP; the portal itself must never depend on it.
     */
    public Optional<String> seedOf(String serialNumber) {
        return state.seedOf(serialNumber);
    }

    /**
     * In-process test hook: gives {@code userName} their configured seed devices (hardware tokens, security keys)
     * back, as after a reset, without touching anyone else.
     */
    public void restoreSeedDevices(String userName) {
        state.restoreSeedDevices(userName, settings.seedDevices(), clock.instant());
    }

    /**
     * In-process test hook: how many requests for {@code action} (e.g. {@code EnableMFADevice}) reached the emulator
     * since it started or was last reset, whatever their outcome.
     */
    public long calls(String action) {
        LongAdder n = calls.get(action);
        return n == null ? 0 : n.sum();
    }

    EmulatorState state() {
        return state;
    }

    // ------------------------------------------------------------------ requests

    /** An HTTP request as the emulator needs it; header names in lower case. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body) {
    }

    /** What to answer: status and XML body, or drop the connection; after waiting {@code latencyMillis}. */
    public record Response(int status, String body, String requestId, boolean dropConnection, long latencyMillis) {
    }

    /** Handles one AWS Query API request that arrived on a connection already used before. */
    public Response handle(Request request) {
        return handle(request, false);
    }

    /**
     * Handles one AWS Query API request. With a {@link LatencyModel}, the call waits here for the handshakes of a
     * new connection and the request's way in (half the drawn latency) before it acts, and the response carries
     * the other half as {@code latencyMillis}: what AWS does takes effect mid-call, as it does over a network.
     *
     * @param newConnection whether the request is the first on its connection (pays the handshakes)
     */
    public Response handle(Request request, boolean newConnection) {
        String requestId = UUID.randomUUID().toString();
        String namespace = IamActions.NAMESPACE;
        long latency = 0;
        String action = null;
        try {
            QueryParams params = QueryParams.parse(request.rawQuery(),
                    new String(request.body(), StandardCharsets.UTF_8));
            SigV4Verifier.SignedRequest signed = new SigV4Verifier.SignedRequest(request.method(), request.rawPath(),
                    request.rawQuery(), request.headers(), request.body());
            String authorization = signed.header("authorization");
            String service = serviceOf(authorization, params.version());
            namespace = "sts".equals(service) ? StsActions.NAMESPACE : IamActions.NAMESPACE;
            action = params.action();
            if (action != null) {
                calls.computeIfAbsent(action, a -> new LongAdder()).increment();
            }
            if (action == null || action.isEmpty()) {
                throw AwsError.sender("MissingAction", 400, "Missing Action");
            }
            LatencyModel model = this.latency;
            if (!model.isNone()) {
                LatencyModel.ServiceLatency serviceLatency = model.of(service);
                long drawn = drawLatency(serviceLatency, false);
                long inbound = drawn / 2 + (newConnection ? serviceLatency.newConnectionMillis() : 0);
                latency = drawn - drawn / 2;
                sleep(inbound);
            }
            Instant now = clock.instant();
            FaultInjector.Decision decision = faults.decide(action, now);
            latency += decision.latencyMillis();
            switch (decision.outcome()) {
                case DROP_CONNECTION -> {
                    return new Response(0, "", requestId, true, latency);
                }
                case SERVICE_UNAVAILABLE -> throw AwsError.serviceUnavailable();
                case INTERNAL_FAILURE -> throw AwsError.internalFailure();
                case THROTTLE -> throw AwsError.throttling();
                case NONE -> {
                    // carry on
                }
            }
            Caller caller = authenticate(SigV4Verifier.parse(authorization), signed, now);
            String result = dispatch(service, action, params, caller, now);
            Xml xml = new Xml().open(action + "Response", namespace);
            if (result != null) {
                xml.open(action + "Result").raw(result).close(action + "Result");
            }
            xml.open("ResponseMetadata").leaf("RequestId", requestId).close("ResponseMetadata")
                    .close(action + "Response");
            return new Response(200, xml.toString(), requestId, false, latency);
        } catch (AwsError e) {
            String failed = action;
            LOG.log(System.Logger.Level.DEBUG, () -> "AWS emulator " + failed + " -> " + e.code());
            return new Response(e.status(), error(namespace, e, requestId), requestId, false, latency);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "AWS emulator failed on " + action, e);
            return new Response(500, error(namespace, AwsError.internalFailure(), requestId), requestId, false,
                    latency);
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AwsError.internalFailure();
        }
    }

    private String dispatch(String service, String action, QueryParams params, Caller caller, Instant now) {
        if ("sts".equals(service) && StsActions.ACTIONS.contains(action)) {
            return sts.handle(action, params, caller, now);
        }
        if ("iam".equals(service) && IamActions.ACTIONS.contains(action)) {
            return iam.handle(action, params, caller, now);
        }
        throw AwsError.invalidAction(action);
    }

    /** {@code iam} or {@code sts}: from the SigV4 credential scope, else from the API version. */
    private static String serviceOf(String authorization, String version) {
        if (authorization != null) {
            int credential = authorization.indexOf("Credential=");
            if (credential >= 0) {
                String[] scope = authorization.substring(credential + 11).split("[,\\s]")[0].split("/");
                if (scope.length == 5 && ("iam".equals(scope[3]) || "sts".equals(scope[3]))) {
                    return scope[3];
                }
            }
        }
        return StsActions.VERSION.equals(version) ? "sts" : "iam";
    }

    private Caller authenticate(SigV4Verifier.Authorization auth, SigV4Verifier.SignedRequest request, Instant now) {
        String keyId = auth.accessKeyId();
        String token = request.header("x-amz-security-token");
        if (keyId.equals(settings.portalAccessKeyId()) && token == null) {
            requireSignature(auth, settings.portalSecretAccessKey(), request);
            return Caller.portal();
        }
        if (keyId.startsWith("ASIA")) {
            Session session = state.session(keyId, token).orElseThrow(AwsError::invalidClientTokenId);
            requireSignature(auth, session.secret(), request);
            if (!now.isBefore(session.expires())) {
                throw AwsError.expiredToken();
            }
            return session.role() == null
                    ? new Caller(Caller.Kind.USER_SESSION, session.user(), session)
                    : new Caller(Caller.Kind.ROLE_SESSION, session.user(), session);
        }
        UserKey key = state.accessKey(keyId);
        // a new key is unknown until IAM has propagated it, exactly like an unknown one
        if (key == null || token != null || now.isBefore(key.validFrom())) {
            throw AwsError.invalidClientTokenId();
        }
        requireSignature(auth, key.secret(), request);
        return new Caller(Caller.Kind.USER_KEY, key.user(), null);
    }

    private static void requireSignature(SigV4Verifier.Authorization auth, String secret,
            SigV4Verifier.SignedRequest request) {
        if (!SigV4Verifier.verify(auth, secret, request)) {
            throw AwsError.signatureDoesNotMatch();
        }
    }

    private static String error(String namespace, AwsError e, String requestId) {
        return new Xml().open("ErrorResponse", namespace).open("Error").leaf("Type", e.type())
                .leaf("Code", e.code()).leaf("Message", e.getMessage()).close("Error").leaf("RequestId", requestId)
                .close("ErrorResponse").toString();
    }
}

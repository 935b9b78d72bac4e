package org.mfaportal.coderequests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.mfaportal.audit.AuditAction;
import org.mfaportal.audit.AuditOutcome;
import org.mfaportal.audit.AuditService;
import org.mfaportal.coderequests.CodeRequestProblems.CodeRequestClosed;
import org.mfaportal.coderequests.CodeRequestProblems.CodeRequestNotFound;
import org.mfaportal.coderequests.CodeRequestProblems.TooManyCodeRequests;
import org.mfaportal.credentials.CredentialsProblems.DurationOutOfRange;
import org.mfaportal.credentials.CredentialsProblems.RoleNotFound;
import org.mfaportal.credentials.CredentialsService;
import org.mfaportal.credentials.IssuedCredentials;
import org.mfaportal.credentials.RoleEntitlements;
import org.mfaportal.credentials.SnippetRegion;
import org.mfaportal.credentials.keys.SecretSealer;
import org.mfaportal.credentials.snippets.CredentialFormat;
import org.mfaportal.credentials.snippets.CredentialSnippets;
import org.mfaportal.credentials.snippets.SnippetOptions;
import org.mfaportal.identity.CurrentUser;
import org.mfaportal.identity.PortalUser;
import org.mfaportal.mfa.DeviceRegistry;
import org.mfaportal.mfa.MfaService;
import org.mfaportal.ratelimit.RateLimiter;

import io.quarkus.scheduler.Scheduled;

/**
 * Codes typed in the browser for a command-line helper that has no terminal (docs/decisions/0011). The helper opens
 * a request with its bearer token and gets a poll secret only it knows; the same person, signed in to the portal,
 * sees which machine and command asked and types the code (or refuses); the portal issues the credentials then and
 * keeps them sealed until the helper's next poll takes them, once. A request expires after
 * {@code portal.code-requests.ttl}. No code is ever stored or logged.
 */
@ApplicationScoped
public class CodeRequestService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MACHINE_MAX = 128;
    private static final int COMMAND_MAX = 512;

    /**
     * What the helper asks for; everything but the machine is optional. {@code deviceName}: the device the code
     * will come from (its name or serial, the helper's {@code --device}), preselected on the page.
     */
    public record NewCodeRequest(
            @Schema(nullable = true, description = "Shown on the page; printable text, cut at 128 characters")
            String machine,
            @Schema(nullable = true, description = "Shown on the page; printable text, cut at 512 characters")
            String command,
            @Schema(nullable = true) String roleArn,
            @Schema(nullable = true, minimum = "900", maximum = "129600") Integer durationSeconds,
            @Schema(nullable = true, enumeration = { "bash", "fish", "powershell", "cmd", "credentials", "dotenv",
                    "process", "json" }, description = "Default `process`") String format,
            @Schema(nullable = true) String region, @Schema(nullable = true) String profileName,
            @Schema(nullable = true, description = "The device the code will come from (name or serial number, "
                    + "one of yours that shows codes); preselected on the page") String deviceName) {
    }

    /** A new request: its address for the engineer and the poll secret for the helper (shown once). */
    public record Opened(CodeRequest request, String pollSecret, int pollIntervalSeconds) {
    }

    /** What a poll finds: the credentials once, else the request still waiting. */
    public record Polled(CodeRequest request, Optional<String> credentials, CredentialFormat format) {
    }

    private final CodeRequestStore store;
    private final CodeRequestsConfig config;
    private final CredentialsService credentials;
    private final RoleEntitlements roles;
    private final SnippetRegion region;
    private final CredentialSnippets snippets;
    private final SecretSealer sealer;
    private final AuditService audit;
    private final RateLimiter rateLimiter;
    private final MfaService mfa;
    private final DeviceRegistry registry;
    private final Clock clock;

    CodeRequestService(CodeRequestStore store, CodeRequestsConfig config, CredentialsService credentials,
            RoleEntitlements roles, SnippetRegion region, CredentialSnippets snippets, SecretSealer sealer,
            AuditService audit, RateLimiter rateLimiter, MfaService mfa, DeviceRegistry registry, Clock clock) {
        this.mfa = mfa;
        this.registry = registry;
        this.store = store;
        this.config = config;
        this.credentials = credentials;
        this.roles = roles;
        this.region = region;
        this.snippets = snippets;
        this.sealer = sealer;
        this.audit = audit;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
    }

    /**
     * Opens a request for the signed-in person (the helper's token).
     *
     * @throws RoleNotFound, DurationOutOfRange, TooManyCodeRequests, the snippet options' validation problems, and for
     *         a {@code deviceName} that is not one of the person's code-capable devices DeviceNotFound (404) or
     *         SecurityKeyHasNoCodes
     */
    public Opened open(CurrentUser actor, NewCodeRequest asked) {
        PortalUser user = actor.get();
        Instant now = Instant.now(clock);
        CredentialFormat format = CredentialFormat.fromId(blank(asked.format()) ? "process" : asked.format().strip());
        SnippetOptions options = region.options(asked.profileName(), asked.region());
        String roleArn = blank(asked.roleArn()) ? null : asked.roleArn().strip();
        int max = credentials.maxSessionDuration();
        if (roleArn != null) {
            max = roles.find(actor, roleArn).orElseThrow(RoleNotFound::new).maxDurationSeconds();
        }
        Integer duration = asked.durationSeconds();
        if (duration != null && (duration < CredentialsService.MIN_DURATION || duration > max)) {
            throw new DurationOutOfRange(CredentialsService.MIN_DURATION, max);
        }
        // checked now, so the helper says at once when the device is not theirs
        String serialNumber = blank(asked.deviceName()) ? null
                : mfa.codeDevice(registry.devices(user.iamUserName()), asked.deviceName().strip(), true).serialNumber();
        store.sweep(now);
        if (store.countOpen(user.iamUserName(), now) >= config.maxPending()) {
            throw new TooManyCodeRequests(config.ttl());
        }
        String pollSecret = random(32);
        CodeRequest request = new CodeRequest(random(18), user.iamUserName(), user.subject(),
                printable(asked.machine(), MACHINE_MAX, "an unnamed machine"), printable(asked.command(), COMMAND_MAX,
                        "an unnamed command"),
                roleArn, duration, format.id(), options.region().orElse(null), options.profileName(),
                CodeRequestStatus.PENDING, now, now.plus(config.ttl()), serialNumber);
        store.insert(request, hash(pollSecret));
        audit.record(actor, user.iamUserName(), AuditAction.CODE_REQUESTED, AuditOutcome.SUCCESS,
                "request " + request.id() + " from " + request.machine(), null);
        return new Opened(request, pollSecret, config.pollIntervalSeconds());
    }

    /**
     * The request as its person sees it on the page.
     *
     * @throws CodeRequestNotFound if there is none with this id for this person
     */
    public CodeRequest show(CurrentUser actor, String id) {
        return owned(actor, id);
    }

    /**
     * Answers a request with the engineer's code: issues the credentials it asks for (a wrong code counts towards the
     * lockout as anywhere) and keeps them, sealed, for the helper's next poll.
     *
     * @param serialNumber the device the code comes from; {@code null} for the one the person used last
     * @throws CodeRequestNotFound, CodeRequestClosed, and everything issuing credentials throws
     */
    public CodeRequest answer(CurrentUser actor, String id, String code, String serialNumber) {
        CodeRequest request = owned(actor, id);
        Instant now = Instant.now(clock);
        requireOpen(request, now);
        rateLimiter.acquire(request.userName(), RateLimiter.Action.CREDENTIALS);
        IssuedCredentials issued = credentials.issue(actor, code, request.durationSeconds(), request.roleArn(),
                serialNumber);
        String text = snippets.render(CredentialFormat.fromId(request.format()), issued.credentials(),
                SnippetOptions.of(request.profileName(), request.region()));
        if (!store.answer(id, sealer.seal(text, owner(id)), Instant.now(clock))) {
            // Refused or expired while the code was checked: the credentials are dropped, never handed over.
            audit.record(actor, request.userName(), AuditAction.CODE_REQUEST_ANSWERED, AuditOutcome.REJECTED,
                    "request " + id + " closed meanwhile", null);
            throw closedProblem(store.find(id).orElseThrow(CodeRequestNotFound::new), Instant.now(clock));
        }
        audit.record(actor, request.userName(), AuditAction.CODE_REQUEST_ANSWERED, AuditOutcome.SUCCESS,
                "request " + id + " from " + request.machine(), null);
        return store.find(id).orElseThrow(CodeRequestNotFound::new);
    }

    /**
     * Refuses a request: the helper's next poll reports it, and it cannot be answered any more.
     *
     * @throws CodeRequestNotFound, CodeRequestClosed
     */
    public CodeRequest refuse(CurrentUser actor, String id) {
        CodeRequest request = owned(actor, id);
        Instant now = Instant.now(clock);
        requireOpen(request, now);
        if (!store.refuse(id, now)) {
            throw closedProblem(store.find(id).orElseThrow(CodeRequestNotFound::new), now);
        }
        audit.record(actor, request.userName(), AuditAction.CODE_REQUEST_REFUSED, AuditOutcome.SUCCESS,
                "request " + id + " from " + request.machine(), null);
        return store.find(id).orElseThrow(CodeRequestNotFound::new);
    }

    /**
     * The helper's poll: the credentials once the request is answered (deleted as they are handed over), else the
     * request still waiting.
     *
     * @throws CodeRequestNotFound if there is no such request for this person or the poll secret is wrong
     * @throws CodeRequestClosed   if it expired, was refused, or its credentials were handed over already
     */
    public Polled poll(CurrentUser actor, String id, String pollSecret) {
        CodeRequest request = owned(actor, id);
        String expected = store.pollSecretHash(id).orElseThrow(CodeRequestNotFound::new);
        if (pollSecret == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                hash(pollSecret).getBytes(StandardCharsets.US_ASCII))) {
            throw new CodeRequestNotFound();
        }
        Instant now = Instant.now(clock);
        CredentialFormat format = CredentialFormat.fromId(request.format());
        if (request.status() == CodeRequestStatus.ANSWERED) {
            Optional<String> sealed = store.takeCredentials(id);
            if (sealed.isPresent()) {
                audit.record(actor, request.userName(), AuditAction.CODE_REQUEST_DELIVERED, AuditOutcome.SUCCESS,
                        "request " + id + " to " + request.machine(), null);
                return new Polled(request, Optional.of(sealer.open(sealed.get(), owner(id))), format);
            }
            throw CodeRequestClosed.used();
        }
        if (request.isOpen(now)) {
            return new Polled(request, Optional.empty(), format);
        }
        throw closedProblem(request, now);
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        store.sweep(Instant.now(clock));
    }

    /** The request if it is this person's; another person's looks like none. */
    private CodeRequest owned(CurrentUser actor, String id) {
        PortalUser user = actor.get();
        if (id == null || !id.matches("[A-Za-z0-9_-]{8,64}")) {
            throw new CodeRequestNotFound();
        }
        return store.find(id).filter(r -> r.subject().equals(user.subject()) && r.userName().equals(user.iamUserName()))
                .orElseThrow(CodeRequestNotFound::new);
    }

    private static void requireOpen(CodeRequest request, Instant now) {
        if (!request.isOpen(now)) {
            throw closedProblem(request, now);
        }
    }

    private static CodeRequestClosed closedProblem(CodeRequest request, Instant now) {
        return switch (request.status()) {
            case REFUSED -> CodeRequestClosed.refused();
            case ANSWERED, DELIVERED -> CodeRequestClosed.used();
            case PENDING -> request.isExpired(now) ? CodeRequestClosed.expired() : CodeRequestClosed.used();
        };
    }

    /** Sealed credentials open only for the request they were sealed for. */
    private static String owner(String id) {
        return "code-request " + id;
    }

    /** Text from a machine for a page and the audit trail: printable characters only, one line, bounded. */
    static String printable(String value, int max, String fallback) {
        String clean = value == null ? "" : value.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", " ").strip()
                .replaceAll("\\s{2,}", " ");
        if (clean.isEmpty()) {
            return fallback;
        }
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long until a request opened now expires, for the helper's wait. */
    public Duration ttl() {
        return config.ttl();
    }
}

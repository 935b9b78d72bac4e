package org.mfaportal.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON control endpoint under {@code /_emulator/}: the same knobs as the {@link AwsEmulator} Java API, for tests
 * and people outside the JVM. It never returns a seed, secret or token.
 *
 * <pre>
 * GET    /_emulator/state              summary counts, clock, delay, faults
 * GET    /_emulator/faults             current faults
 * POST   /_emulator/faults             {"throttleEveryNth":3,"actions":["GetSessionToken"],"seed":7,...}
 * DELETE /_emulator/faults             no faults
 * GET    /_emulator/clock              {"now":"...","offsetSeconds":0}
 * POST   /_emulator/clock              {"advanceSeconds":30}
 * POST   /_emulator/propagation-delay  {"seconds":5} or {"minSeconds":4,"maxSeconds":12}
 * GET    /_emulator/latency            the latency model
 * POST   /_emulator/latency            {"profile":"realistic"} and/or {"iam":{"millis":80,...},"sts":{...}}
 * POST   /_emulator/reset              back to the configured start
 * </pre>
 */
final class ControlEndpoint {

    static final String PREFIX = "/_emulator";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsEmulator emulator;

    ControlEndpoint(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    Reply handle(String method, String path, byte[] body) {
        String route = path.substring(PREFIX.length());
        try {
            return switch (method + " " + route) {
                case "GET /state", "GET /", "GET " -> ok(emulator.summary());
                case "GET /faults" -> ok(emulator.faults());
                case "POST /faults", "PUT /faults" -> {
                    emulator.setFaults(JSON.readValue(body.length == 0 ? "{}".getBytes() : body, Faults.class));
                    yield ok(emulator.faults());
                }
                case "DELETE /faults" -> {
                    emulator.clearFaults();
                    yield ok(emulator.faults());
                }
                case "GET /clock" -> ok(clock());
                case "POST /clock" -> {
                    JsonNode node = JSON.readTree(body);
                    JsonNode seconds = node == null ? null : node.get("advanceSeconds");
                    if (seconds == null || !seconds.canConvertToLong()) {
                        yield error(400, "expected {\"advanceSeconds\": <integer>}");
                    }
                    emulator.advanceClock(Duration.ofSeconds(seconds.asLong()));
                    yield ok(clock());
                }
                case "POST /propagation-delay" -> {
                    JsonNode node = JSON.readTree(body);
                    JsonNode seconds = node == null ? null : node.get("seconds");
                    JsonNode min = node == null ? null : node.get("minSeconds");
                    JsonNode max = node == null ? null : node.get("maxSeconds");
                    if (seconds != null && seconds.canConvertToLong() && seconds.asLong() >= 0) {
                        emulator.setPropagationDelay(Duration.ofSeconds(seconds.asLong()));
                    } else if (seconds == null && min != null && max != null && min.isIntegralNumber()
                            && max.isIntegralNumber() && min.asLong() >= 0 && max.asLong() >= min.asLong()) {
                        emulator.setPropagationDelay(Duration.ofSeconds(min.asLong()),
                                Duration.ofSeconds(max.asLong()));
                    } else {
                        yield error(400, "expected {\"seconds\": <non-negative integer>} or"
                                + " {\"minSeconds\": n, \"maxSeconds\": m} with 0 <= n <= m");
                    }
                    yield ok(propagation());
                }
                case "GET /latency" -> ok(latency());
                case "POST /latency", "PUT /latency" -> {
                    JsonNode node = JSON.readTree(body);
                    if (node == null || !node.isObject()) {
                        yield error(400, "expected {\"profile\": \"loopback\"|\"realistic\"} and/or"
                                + " {\"iam\": {...}, \"sts\": {...}}");
                    }
                    if (node.hasNonNull("profile")) {
                        emulator.applyProfile(LatencyModel.Profile.parse(node.get("profile").asText()));
                    }
                    if (node.has("iam") || node.has("sts")) {
                        LatencyModel current = emulator.latency();
                        emulator.setLatency(new LatencyModel(
                                node.has("iam") ? JSON.treeToValue(node.get("iam"), LatencyModel.ServiceLatency.class)
                                        : current.iam(),
                                node.has("sts") ? JSON.treeToValue(node.get("sts"), LatencyModel.ServiceLatency.class)
                                        : current.sts()));
                    }
                    yield ok(latency());
                }
                case "POST /reset" -> {
                    emulator.reset();
                    yield ok(emulator.summary());
                }
                default -> error(404, "no such control route: " + method + " " + path);
            };
        } catch (IOException | IllegalArgumentException e) {
            return error(400, "invalid request body: " + e.getClass().getSimpleName());
        }
    }

    private Map<String, Object> propagation() {
        return Map.of("propagationDelaySeconds", emulator.propagationDelay().toSeconds(),
                "propagationDelayMaxSeconds", emulator.propagationDelayMax().toSeconds());
    }

    private Map<String, Object> latency() {
        LatencyModel model = emulator.latency();
        return Map.of("iam", model.iam(), "sts", model.sts(), "propagationDelaySeconds",
                emulator.propagationDelay().toSeconds(), "propagationDelayMaxSeconds",
                emulator.propagationDelayMax().toSeconds());
    }

    private Map<String, Object> clock() {
        return Map.of("now", Xml.timestamp(emulator.clock().instant()), "offsetSeconds",
                emulator.clock().offset().toSeconds());
    }

    private static Reply ok(Object value) throws IOException {
        return Reply.json(200, JSON.writeValueAsString(value));
    }

    private static Reply error(int status, String message) {
        try {
            return Reply.json(status, JSON.writeValueAsString(Map.of("error", message)));
        } catch (IOException e) {
            return Reply.json(status, "{}");
        }
    }
}

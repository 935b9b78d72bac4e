package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures measured under each latency profile of the emulator ({@code -Dbench.profiles}, default
 * {@code loopback,realistic}), printed side by side at the end of a run, followed by the targets of issue #17, each
 * with "met" or "not met" per profile. Every line also goes through {@link Figures#report} as it is measured.
 */
final class SideBySide {

    /** The profiles the credentials, propagation and overhead benchmarks run under, in this order. */
    static final List<String> PROFILES = List.of(System.getProperty("bench.profiles", "loopback,realistic")
            .split(","));

    private static final Map<String, Map<String, String>> FIGURES = new LinkedHashMap<>();
    private static final Map<String, Map<String, String>> TARGETS = new LinkedHashMap<>();
    private static final Map<String, String> TARGET_TEXT = new LinkedHashMap<>();

    private SideBySide() {
    }

    /** One figure of one profile. */
    static void figure(String name, String profile, String value) {
        FIGURES.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(profile, value);
    }

    /** A figure in milliseconds. */
    static void figure(String name, String profile, double millis) {
        figure(name, profile, f("%.1f ms", millis));
    }

    /**
     * A target checked for one profile: {@code measured <= limit} (or {@code >=} when {@code atLeast}); prints and
     * records it at once too.
     */
    static void target(String name, String text, String profile, double measured, double limit, boolean atLeast,
            String unit) {
        boolean met = atLeast ? measured >= limit : measured <= limit;
        String value = f("%s %s %s: %s", number(measured, unit), atLeast ? ">=" : "<=", number(limit, unit),
                met ? "met" : "NOT MET");
        TARGET_TEXT.put(name, text);
        TARGETS.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(profile, value);
        Figures.report("target", name + " [" + profile + "]", value, text);
    }

    private static String number(double value, String unit) {
        return "x".equals(unit) ? f("%.1fx", value) : f("%.1f %s", value, unit);
    }

    /** The tables, as Markdown (they go into docs/performance.md as they are). */
    static void print() {
        if (FIGURES.isEmpty() && TARGETS.isEmpty()) {
            return;
        }
        List<String> profiles = new ArrayList<>(PROFILES);
        System.out.println();
        System.out.println("Side by side (profiles: " + String.join(", ", profiles) + ")");
        System.out.println();
        System.out.println("| figure | " + String.join(" | ", profiles) + " |");
        System.out.println("|---|" + "---|".repeat(profiles.size()));
        FIGURES.forEach((name, values) -> System.out.println("| " + name + " | " + String.join(" | ",
                profiles.stream().map(p -> values.getOrDefault(p, "-")).toList()) + " |"));
        System.out.println();
        System.out.println("| target (issue #17) | " + String.join(" | ", profiles) + " |");
        System.out.println("|---|" + "---|".repeat(profiles.size()));
        TARGETS.forEach((name, values) -> System.out.println("| " + TARGET_TEXT.get(name) + " | " + String.join(" | ",
                profiles.stream().map(p -> values.getOrDefault(p, "-")).toList()) + " |"));
        System.out.println();
    }
}

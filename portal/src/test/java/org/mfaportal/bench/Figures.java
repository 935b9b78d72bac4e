package org.mfaportal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Latencies (HdrHistogram, microsecond resolution up to 10 minutes) and the printed figures. Each figure is one
 * line on stdout and in {@code target/bench-figures.tsv}, tagged with whether the machine was declared quiet.
 */
final class Figures {

    private static final Path FILE = Path.of("target", "bench-figures.tsv");

    private Figures() {
    }

    static Histogram histogram() {
        return new Histogram(600_000_000L, 3);
    }

    static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    static String summary(Histogram h) {
        return String.format(Locale.ROOT, "n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", h.getTotalCount(),
                ms(h, 50), ms(h, 90), ms(h, 99), h.getMaxValue() / 1000.0);
    }

    /** Prints and records one figure. */
    static void report(String benchmark, String figure, String value, String target) {
        String quiet = System.getenv().getOrDefault("BENCH_QUIET_MACHINE", "no");
        String line = String.format(Locale.ROOT, "%-12s %-58s %-28s target %-14s%s", benchmark, figure, value, target,
                "yes".equals(quiet) ? "" : "  [busy machine: provisional]");
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, String.join("\t", Instant.now().toString(), benchmark, figure, value, target,
                    "quiet=" + quiet) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

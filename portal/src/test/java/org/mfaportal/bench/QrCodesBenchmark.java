package org.mfaportal.bench;

import static org.mfaportal.bench.Figures.f;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.mfaportal.mfa.KeyUri;
import org.mfaportal.mfa.QrCodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Render cost of one enrollment's QR code (mfa/QrCodes), SVG for the page and PNG for the API. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QrCodesBenchmark {

    /** A Key URI as long as a real one: 64-character seed, issuer and label with an account alias. */
    final String uri = KeyUri.totp("AWS example-production", "engineer.name@example-production",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

    @Benchmark
    public String svg() {
        return QrCodes.svg(uri, "QR code");
    }

    @Benchmark
    public byte[] png() {
        return QrCodes.png(uri, 8);
    }

    static void run() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(QrCodesBenchmark.class.getName() + "\\.").build()).run();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            Figures.report("qr", "QrCodes." + name + " per QR (JMH avgt, 1 fork, 5x1s)",
                    f("%.1f us ± %.1f", r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()),
                    "< 1000 us");
        }
    }
}

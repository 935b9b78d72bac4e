package org.mfaportal.web;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Leaves out Micrometer's {@code netty.eventexecutor.workers} gauge, which otherwise costs a warning at every start.
 * Quarkus binds Netty's event-executor metrics twice, for Vert.x' event loops and for its acceptor loop, and neither
 * binding carries a tag that tells the two apart; Micrometer keeps the first untagged gauge, ignores the second and
 * logs a WARN about it (a known Quarkus issue, #52014). One gauge for two thread pools would mislead anyway. Nothing
 * is lost: {@code netty_eventexecutor_tasks_pending} has one series per event-loop thread ({@code name} tag), so the
 * workers are counted by counting those.
 */
@Singleton
public class EventLoopMeters {

    static final String AMBIGUOUS_WORKERS_GAUGE = "netty.eventexecutor.workers";

    @Produces
    @Singleton
    MeterFilter noAmbiguousWorkersGauge() {
        return MeterFilter.deny(id -> id.getName().equals(AMBIGUOUS_WORKERS_GAUGE));
    }
}

package org.mfaportal.web;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives the management interface's Vert.x server meters the {@code server.port} tag that Quarkus gives only the
 * public server's. Prometheus refuses a second label set for one name (since Quarkus 3.34 that refusal stops the
 * management server from starting), and without the tag the two servers' gauges would be one meter: Micrometer
 * keeps the first and warns at every start about the second. With it, both label sets are alike and each server has
 * its own series ({@code server_port="8080"} for pages and API, the management port for probes and scrapes).
 */
@Singleton
public class MetricsTags {

    static final String PORT_TAG = "server.port";

    /** The meters Quarkus' Vert.x binder tags with the server's port (and nothing else of http.server.*). */
    static final Set<String> SERVER_NETWORK_METERS = Set.of("http.server.active.connections",
            "http.server.active.requests", "http.server.connections", "http.server.bytes.read",
            "http.server.bytes.written", "http.server.errors");

    @Produces
    @Singleton
    MeterFilter managementServerTaggedWithItsPort(
            @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000") int managementPort) {
        Tag management = Tag.of(PORT_TAG, String.valueOf(managementPort));
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return SERVER_NETWORK_METERS.contains(id.getName()) && id.getTag(PORT_TAG) == null
                        ? id.withTag(management)
                        : id;
            }
        };
    }
}

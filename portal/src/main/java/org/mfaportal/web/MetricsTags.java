package org.mfaportal.web;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the Prometheus label sets of Vert.x' HTTP server meters alike for the public server and the management
 * interface. Quarkus tags the public server's network meters with {@code server.port} and the management server's
 * without it; Prometheus refuses a second label set for one name, and since Quarkus 3.34 that refusal stops the
 * management server from starting. Dropping the tag costs nothing: the {@code uri} label already tells health
 * probes and scrapes ({@code /q/...}) from the portal's routes.
 */
@Singleton
public class MetricsTags {

    @Produces
    @Singleton
    MeterFilter oneLabelSetForBothServers() {
        return MeterFilter.ignoreTags("server.port");
    }
}

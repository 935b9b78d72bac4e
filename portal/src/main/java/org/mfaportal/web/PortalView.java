package org.mfaportal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every page's layout needs of the portal ({@code inject:portal}): the simulated-AWS banner. Who is signed in
 * and whether to show the admin menu come from {@code inject:currentUser} (identity).
 */
@RequestScoped
@Named("portal")
public class PortalView {

    private final boolean emulatorEnabled;

    PortalView(@ConfigProperty(name = "portal.emulator.enabled", defaultValue = "false") boolean emulatorEnabled) {
        this.emulatorEnabled = emulatorEnabled;
    }

    /** Whether the built-in AWS emulator answers instead of AWS (every page then says so). */
    public boolean isEmulatorEnabled() {
        return emulatorEnabled;
    }
}

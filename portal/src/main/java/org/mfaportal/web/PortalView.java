package org.mfaportal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mfaportal.identity.Roles;

import io.quarkus.security.identity.SecurityIdentity;

/** What every page's layout needs: the simulated-AWS banner and whether to show the admin menu. */
@RequestScoped
@Named("portal")
public class PortalView {

    private final boolean emulatorEnabled;
    private final SecurityIdentity identity;

    PortalView(@ConfigProperty(name = "portal.emulator.enabled", defaultValue = "false") boolean emulatorEnabled,
            SecurityIdentity identity) {
        this.emulatorEnabled = emulatorEnabled;
        this.identity = identity;
    }

    /** Whether the built-in AWS emulator answers instead of AWS (every page then says so). */
    public boolean isEmulatorEnabled() {
        return emulatorEnabled;
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }
}

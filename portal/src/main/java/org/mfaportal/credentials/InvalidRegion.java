package org.mfaportal.credentials;

/** The region is not shaped like an AWS region name such as {@code eu-central-1}. */
public final class InvalidRegion extends IllegalArgumentException {

    InvalidRegion() {
        super("A region must look like 'eu-central-1': lowercase letters, digits and '-', at most 32 characters.");
    }
}

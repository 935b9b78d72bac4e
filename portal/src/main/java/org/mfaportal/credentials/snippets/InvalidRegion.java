package org.mfaportal.credentials.snippets;

/** The region is not shaped like an AWS region name such as {@code eu-central-1}. */
public final class InvalidRegion extends InvalidSnippetField {

    InvalidRegion() {
        super("region", "A region must look like 'eu-central-1': lowercase letters, digits and '-', at most 32 characters.");
    }
}

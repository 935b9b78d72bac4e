package org.mfaportal.browser;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The AWS SDK as an engineer's tool would use the credentials: against the suite's emulator endpoint. */
final class Aws {

    private Aws() {
    }

    /** {@code sts get-caller-identity} with the given session credentials: whose are they? */
    static String callerArn(String accessKeyId, String secretAccessKey, String sessionToken) {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(SuiteSettings.EMULATOR)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken)))
                .build()) {
            return sts.getCallerIdentity().arn();
        }
    }
}

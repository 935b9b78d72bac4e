package org.mfaportal.credentials.snippets;

import java.util.regex.Pattern;

import org.mfaportal.aws.TemporaryCredentials;

/**
 * A profile block for {@code ~/.aws/credentials}. The file has no key for the expiry (the SDKs only learn of it
 * when AWS rejects the credentials), so the expiry goes into a comment. The region is a {@code region =} line:
 * the AWS CLI, botocore and the Java SDK v2 merge the credentials file's keys into the profile of the same name,
 * so the profile works on a machine without {@code ~/.aws/config}.
 */
final class CredentialsFileSnippet {

    private static final Pattern COMMENT_AFTER_BLANK = Pattern.compile("\\s[#;]");

    private CredentialsFileSnippet() {
    }

    static String render(TemporaryCredentials credentials, SnippetOptions options) {
        String profile = options.profileName();
        StringBuilder out = new StringBuilder()
                .append('[').append(profile).append("]\n")
                .append("# ").append(SnippetText.expiryNote(credentials.expiration())).append(".\n")
                .append("# This file has no expiry key: after that time AWS rejects these credentials; get new ones.\n");
        out.append("aws_access_key_id = ").append(iniValue("aws_access_key_id", credentials.accessKeyId())).append('\n');
        out.append("aws_secret_access_key = ").append(iniValue("aws_secret_access_key", credentials.secretAccessKey())).append('\n');
        out.append("aws_session_token = ").append(iniValue("aws_session_token", credentials.sessionToken())).append('\n');
        options.region().ifPresent(region -> out.append("region = ").append(region).append('\n'));
        return out.toString();
    }

    /**
     * INI has no quoting or escapes: a value is the rest of the line, stripped of surrounding blanks. The value is
     * written unchanged after checking that the AWS parsers read it back unchanged: botocore (Python
     * {@code RawConfigParser}) keeps {@code # ;} inside a value, but the Java, Go and other SDKs end the value at
     * a {@code #} or {@code ;} preceded by a blank.
     */
    static String iniValue(String field, String value) {
        CredentialFormat format = CredentialFormat.CREDENTIALS;
        ValueRules.refuse(format, field, value, ValueRules.LINE_BREAK, "a line break, which an INI value cannot hold");
        ValueRules.refuse(format, field, value, ValueRules.CONTROL, "a control character");
        if (!value.equals(value.strip())) {
            throw new UnrepresentableCredentialValue(format, field, "leading or trailing blanks, which INI parsers strip");
        }
        if (COMMENT_AFTER_BLANK.matcher(value).find()) {
            throw new UnrepresentableCredentialValue(format, field,
                    "a '#' or ';' after a blank, which several AWS SDKs read as the start of a comment");
        }
        return value;
    }
}

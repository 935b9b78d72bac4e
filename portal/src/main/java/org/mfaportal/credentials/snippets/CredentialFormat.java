package org.mfaportal.credentials.snippets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The ways the portal hands out session credentials. Each format has a stable lowercase {@link #id()} (used in
 * URLs as {@code ?format=}), a {@link #displayName()} for tabs, a {@link #mediaType()} for {@code Accept}
 * negotiation and a {@link #fileName()} for downloads. See {@code docs/credential-formats.md}.
 */
public enum CredentialFormat {

    /** {@code export NAME='value'} lines for bash, zsh and POSIX sh; eval it or source it. */
    BASH("bash", "bash / zsh / sh", "text/x-shellscript", "aws-credentials.sh"),
    /** {@code set -gx NAME 'value'} lines for fish; source it. */
    FISH("fish", "fish", "text/x-fish", "aws-credentials.fish"),
    /** {@code $Env:NAME = 'value'} lines for PowerShell; paste it or dot-source it. */
    POWERSHELL("powershell", "PowerShell", "text/x-powershell", "aws-credentials.ps1"),
    /** {@code set "NAME=value"} lines for Windows cmd; paste it or run it as a batch file. */
    CMD("cmd", "Windows cmd", "text/x-msdos-batch", "aws-credentials.cmd"),
    /** A {@code [profile]} block for {@code ~/.aws/credentials}. */
    CREDENTIALS("credentials", "~/.aws/credentials", "text/x-ini", "aws-credentials.ini"),
    /** {@code NAME='value'} lines for a {@code .env} file. */
    DOTENV("dotenv", ".env file", "text/x-dotenv", "aws-credentials.env"),
    /** The JSON document the AWS CLI and SDKs expect from a {@code credential_process}. */
    PROCESS("process", "credential_process", "application/x-aws-credential-process+json", "aws-credential-process.json"),
    /** Plain JSON with the STS field names, the expiry, and the role and source identity when present. */
    JSON("json", "JSON", "application/json", "aws-credentials.json");

    private final String id;
    private final String displayName;
    private final String mediaType;
    private final String fileName;

    CredentialFormat(String id, String displayName, String mediaType, String fileName) {
        this.id = id;
        this.displayName = displayName;
        this.mediaType = mediaType;
        this.fileName = fileName;
    }

    /** Stable lowercase identifier, for URLs ({@code ?format=bash}) and the API. Never changes once published. */
    public String id() {
        return id;
    }

    /** Short human name for a tab or a menu. */
    public String displayName() {
        return displayName;
    }

    /** Media type without parameters, for {@code Accept} negotiation. */
    public String mediaType() {
        return mediaType;
    }

    /** Value for a {@code Content-Type} header: the media type, with {@code charset=UTF-8} for text types. */
    public String contentType() {
        return mediaType.startsWith("text/") ? mediaType + "; charset=UTF-8" : mediaType;
    }

    /** Suggested file name for a download ({@code Content-Disposition}). */
    public String fileName() {
        return fileName;
    }

    /**
     * The format with this id; surrounding blanks and letter case are ignored.
     *
     * @throws UnknownCredentialFormat if no format has this id
     */
    public static CredentialFormat fromId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> format.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new UnknownCredentialFormat(id));
    }

    /**
     * The format served as this media type; parameters such as {@code charset} and letter case are ignored.
     * Empty for any other type, including wildcards, which the caller resolves to its own default.
     */
    public static Optional<CredentialFormat> forMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        int parameters = mediaType.indexOf(';');
        String bare = (parameters < 0 ? mediaType : mediaType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.mediaType.equals(bare)).findFirst();
    }
}

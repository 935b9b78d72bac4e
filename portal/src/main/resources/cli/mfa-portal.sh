#!/bin/sh
# mfa-portal: the command-line helper of MFA Portal. Signs you in with your browser (OAuth 2.0 device
# authorization grant) and puts short-lived AWS credentials, issued with your MFA code, into your shell or into
# the AWS CLI and SDKs (credential_process).
#
# Served by the portal at @@PORTAL_URL@@/cli/mfa-portal, pre-configured for it. Run `mfa-portal help`.
#
# Needs a POSIX sh, curl, sed, awk, tr and date: nothing else (no jq, no Python).
# Secrets never appear in command-line arguments, so never in the process list: tokens, device codes and MFA
# codes reach curl on its standard input (`curl --config -`), and MFA codes are read from the terminal
# (/dev/tty), never from standard input. Only the credentials you ask for are written to standard output.

MFA_PORTAL_HELPER_VERSION='@@VERSION@@'

portal_url='@@PORTAL_URL@@'
issuer='@@ISSUER@@'
client_id='@@CLIENT_ID@@'
# Point one copy of the helper at another portal (or another identity provider) without downloading it again.
[ -n "${MFA_PORTAL_URL:-}" ] && portal_url=$MFA_PORTAL_URL
[ -n "${MFA_PORTAL_ISSUER:-}" ] && issuer=$MFA_PORTAL_ISSUER
[ -n "${MFA_PORTAL_CLIENT_ID:-}" ] && client_id=$MFA_PORTAL_CLIENT_ID

config_dir=${XDG_CONFIG_HOME:-$HOME/.config}/mfa-portal
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/mfa-portal
token_file=$config_dir/tokens
user_agent="mfa-portal-cli/$MFA_PORTAL_HELPER_VERSION"

# Exit codes (also in `mfa-portal help` and docs/api.md).
EXIT_FAILURE=1      # anything else, including an unexpected answer
EXIT_USAGE=2        # wrong arguments, or no terminal to read the MFA code from
EXIT_NOT_SIGNED_IN=3 # no sign-in, or it expired: run `mfa-portal login`
EXIT_LOGIN_FAILED=4 # the browser sign-in was denied, expired or failed
EXIT_REFUSED=5      # the portal refused (wrong code, no device, unknown role, invalid input...)
EXIT_RETRY_LATER=6  # locked out after wrong codes, or rate limited: wait and retry
EXIT_UNAVAILABLE=7  # the portal, the identity provider or AWS is unreachable or busy

usage() {
    cat <<EOF
mfa-portal $MFA_PORTAL_HELPER_VERSION: AWS credentials with MFA from $portal_url

Usage:
  mfa-portal login                 sign in with your browser (device code); keeps a refresh token
  mfa-portal logout                forget the sign-in and every cached credential
  mfa-portal whoami                who you are, your IAM user and your MFA device
  mfa-portal roles                 the roles you may assume (ARN, name, longest session)
  mfa-portal env [options]         print credentials as a snippet for your shell:
                                     eval "\$(mfa-portal env)"          (bash, zsh, sh)
                                     mfa-portal env --shell fish | source
                                     mfa-portal env --shell powershell | Invoke-Expression
  mfa-portal process [options]     credential_process for ~/.aws/config (cached until 10 minutes
                                   before expiry; asks for a code only when it must)
  mfa-portal help | --version

Options of env and process:
  --role NAME_OR_ARN       a role you may assume (see 'mfa-portal roles'); default: your IAM user
  --duration 8h|30m|1h30m|3600
                           session length; default: the portal's (12 hours, less for roles)
  --shell bash|zsh|sh|fish|powershell
                           (env only) default: from \$SHELL

The MFA code is read from your terminal (/dev/tty), never from standard input.
Files: $token_file (your sign-in, mode 0600),
       $cache_dir/ (credential_process cache, mode 0600).
Environment: MFA_PORTAL_URL, MFA_PORTAL_ISSUER, MFA_PORTAL_CLIENT_ID override the built-in settings.

Exit codes: 0 ok, 1 failure, 2 usage or no terminal, 3 not signed in, 4 sign-in failed,
            5 refused by the portal, 6 locked out or rate limited, 7 portal, sign-in or AWS unavailable.
EOF
}

say() {
    printf '%s\n' "$*" >&2
}

die() {
    _status=$1
    shift
    say "mfa-portal: $*"
    exit "$_status"
}

# ---------------------------------------------------------------- JSON (flat fields, with sed)

# The string value of "$1" in the JSON on standard input, unescaped; empty when absent.
json_str() {
    tr -d '\n\r' | sed -n -E 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)".*/\1/p' | json_unescape
}

# The integer value of "$1" in the JSON on standard input; empty when absent.
json_num() {
    tr -d '\n\r' | sed -n -E 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*(-?[0-9]+).*/\1/p'
}

# Undoes JSON string escapes that occur in the texts the portal and the identity provider send.
json_unescape() {
    sed -e 's/\\"/"/g' -e 's/\\\//\//g' -e 's/\\[nrt]/ /g' -e 's/\\\\/\\/g'
}

# ---------------------------------------------------------------- small parsers

# Seconds in a duration: 3600, 3600s, 30m, 8h, 1h30m. Fails on anything else.
parse_duration() {
    _rest=$1
    case $_rest in
        '' | *[!0-9hms]* | [!0-9]*) return 1 ;;
    esac
    case $_rest in
        *[hms]*) ;;
        *) _rest=${_rest}s ;;
    esac
    _total=0
    while [ -n "$_rest" ]; do
        _number=${_rest%%[hms]*}
        _rest=${_rest#"$_number"}
        _unit=${_rest%"${_rest#?}"}
        _rest=${_rest#?}
        case $_number in '' | *[!0-9]*) return 1 ;; esac
        # Leading zeros would make the shell read the number as octal.
        _number=${_number#"${_number%%[!0]*}"}
        case $_unit in
            h) _total=$((_total + ${_number:-0} * 3600)) ;;
            m) _total=$((_total + ${_number:-0} * 60)) ;;
            s) _total=$((_total + ${_number:-0})) ;;
            *) return 1 ;;
        esac
    done
    [ "$_total" -gt 0 ] || return 1
    printf '%s\n' "$_total"
}

# Seconds since the epoch of an ISO-8601 UTC time (2025-01-15T21:30:00Z, fractions ignored).
iso_epoch() {
    case $1 in
        [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*) ;;
        *) return 1 ;;
    esac
    printf '%s\n' "$1" | awk '{
        y = substr($0, 1, 4) + 0; m = substr($0, 6, 2) + 0; d = substr($0, 9, 2) + 0
        H = substr($0, 12, 2) + 0; M = substr($0, 15, 2) + 0; S = substr($0, 18, 2) + 0
        y -= (m <= 2); era = int(y / 400); yoe = y - era * 400
        doy = int((153 * ((m + 9) % 12) + 2) / 5) + d - 1
        doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
        printf "%d\n", (era * 146097 + doe - 719468) * 86400 + H * 3600 + M * 60 + S
    }'
}

now() {
    date +%s
}

# ---------------------------------------------------------------- HTTP

# curl with the helper's defaults; the request's secrets come as a curl config on standard input.
# Sets http_status (000 when the server could not be reached) and http_body.
curl_config() {
    _out=$(curl -sS -A "$user_agent" --connect-timeout 10 --max-time 120 -w '%{http_code}' --config - "$@")
    _curl=$?
    http_status=${_out#"${_out%???}"}
    http_body=${_out%???}
    if [ "$_curl" -ne 0 ] && [ "$http_status" = 000 ]; then
        http_status=000
    fi
}

# A form POST to the identity provider: token or device endpoint. "$1" is the endpoint, "$2" the curl config.
idp_post() {
    curl_config "$1" <<EOF
$2
EOF
}

# An API call with the current access token: api METHOD PATH [JSON_BODY] [ACCEPT].
api() {
    _config="request = \"$1\"
header = \"Authorization: Bearer $access_token\"
header = \"Accept: ${4:-application/json}\""
    if [ -n "${3:-}" ]; then
        # The body is built by this script from validated values (digits, role ARNs): it has no backslash.
        _config="$_config
header = \"Content-Type: application/json\"
data = \"$(printf '%s' "$3" | sed 's/"/\\"/g')\""
    fi
    curl_config "$portal_url$2" <<EOF
$_config
EOF
    if [ "$http_status" = 401 ] && [ -z "${_refreshed:-}" ]; then
        # The access token was refused (revoked or expired early): refresh once and retry. Nothing has been
        # done with the request yet, so a retry never reuses an MFA code.
        _refreshed=1
        refresh_tokens || die "$EXIT_NOT_SIGNED_IN" "your sign-in has expired: run 'mfa-portal login'"
        api "$@"
    fi
}

# Explains a failed API answer on standard error and exits with the matching code.
fail_with_problem() {
    _what=$1
    case $http_status in
        000) die "$EXIT_UNAVAILABLE" "$_what: cannot reach $portal_url" ;;
    esac
    _title=$(printf '%s' "$http_body" | json_str title)
    _detail=$(printf '%s' "$http_body" | json_str detail)
    _advice=$(printf '%s' "$http_body" | json_str advice)
    _code=$(printf '%s' "$http_body" | json_str code)
    _request=$(printf '%s' "$http_body" | json_str requestId)
    say "mfa-portal: $_what failed: ${_title:-HTTP $http_status} (HTTP $http_status${_code:+, $_code})"
    [ -n "$_detail" ] && say "  $_detail"
    [ -n "$_advice" ] && say "  $_advice"
    [ -n "$_request" ] && say "  (request id $_request)"
    case $http_status in
        401) exit "$EXIT_NOT_SIGNED_IN" ;;
        423 | 429) exit "$EXIT_RETRY_LATER" ;;
        502 | 503 | 504) exit "$EXIT_UNAVAILABLE" ;;
        4??) exit "$EXIT_REFUSED" ;;
        *) exit "$EXIT_FAILURE" ;;
    esac
}

# ---------------------------------------------------------------- sign-in

# Stores a token response ("$1"): access token, refresh token and their expiry times, readable only by you.
save_tokens() {
    _now=$(now)
    _access=$(printf '%s' "$1" | json_str access_token)
    _refresh=$(printf '%s' "$1" | json_str refresh_token)
    _expires=$(printf '%s' "$1" | json_num expires_in)
    _refresh_expires=$(printf '%s' "$1" | json_num refresh_expires_in)
    [ -n "$_access" ] || return 1
    [ -n "$_refresh" ] || _refresh=${refresh_token:-}
    (
        umask 077
        mkdir -p "$config_dir" || exit 1
        cat >"$token_file.new.$$" <<EOF || exit 1
access_token=$_access
access_expires=$((_now + ${_expires:-60}))
refresh_token=$_refresh
refresh_expires=$((_now + ${_refresh_expires:-0}))
EOF
        chmod 600 "$token_file.new.$$" && mv -f "$token_file.new.$$" "$token_file"
    ) || die "$EXIT_FAILURE" "cannot write $token_file"
}

load_tokens() {
    [ -r "$token_file" ] || return 1
    access_token=$(sed -n 's/^access_token=//p' "$token_file")
    access_expires=$(sed -n 's/^access_expires=//p' "$token_file")
    refresh_token=$(sed -n 's/^refresh_token=//p' "$token_file")
    [ -n "$access_token" ] || [ -n "$refresh_token" ]
}

refresh_tokens() {
    [ -n "${refresh_token:-}" ] || return 1
    idp_post "$issuer/protocol/openid-connect/token" "data = \"grant_type=refresh_token\"
data-urlencode = \"client_id=$client_id\"
data-urlencode = \"refresh_token=$refresh_token\""
    [ "$http_status" = 200 ] || return 1
    save_tokens "$http_body" && load_tokens
}

# Makes sure $access_token is valid for at least another 30 seconds, refreshing it if needed.
require_sign_in() {
    load_tokens || die "$EXIT_NOT_SIGNED_IN" "you are not signed in: run 'mfa-portal login'"
    case ${access_expires:-} in '' | *[!0-9]*) access_expires=0 ;; esac
    if [ -z "$access_token" ] || [ "$(now)" -ge $((access_expires - 30)) ]; then
        refresh_tokens || die "$EXIT_NOT_SIGNED_IN" "your sign-in has expired: run 'mfa-portal login'"
    fi
}

cmd_login() {
    [ $# -eq 0 ] || die "$EXIT_USAGE" "login takes no arguments"
    idp_post "$issuer/protocol/openid-connect/auth/device" "data-urlencode = \"client_id=$client_id\"
data = \"scope=openid\""
    case $http_status in
        200) ;;
        000) die "$EXIT_UNAVAILABLE" "cannot reach the sign-in service at $issuer" ;;
        *) die "$EXIT_LOGIN_FAILED" "the sign-in service refused to start a sign-in (HTTP $http_status):" \
            "$(printf '%s' "$http_body" | json_str error_description)" ;;
    esac
    _device_code=$(printf '%s' "$http_body" | json_str device_code)
    _user_code=$(printf '%s' "$http_body" | json_str user_code)
    _uri=$(printf '%s' "$http_body" | json_str verification_uri)
    _uri_complete=$(printf '%s' "$http_body" | json_str verification_uri_complete)
    _interval=$(printf '%s' "$http_body" | json_num interval)
    _expires_in=$(printf '%s' "$http_body" | json_num expires_in)
    if [ -z "$_device_code" ] || [ -z "$_user_code" ]; then
        die "$EXIT_LOGIN_FAILED" "unexpected answer from $issuer"
    fi
    say "To sign in to MFA Portal, open this address in a browser:"
    say ""
    say "  ${_uri_complete:-$_uri}"
    say ""
    say "and check that it shows the code: $_user_code"
    [ -n "$_uri_complete" ] && say "(or open $_uri and type the code)"
    say "Waiting for you to sign in..."
    _interval=${_interval:-5}
    _deadline=$(($(now) + ${_expires_in:-600}))
    while :; do
        # RFC 8628: poll no faster than the interval the server asked for (slow_down adds 5 seconds).
        sleep "$_interval"
        idp_post "$issuer/protocol/openid-connect/token" \
            "data = \"grant_type=urn:ietf:params:oauth:grant-type:device_code\"
data-urlencode = \"client_id=$client_id\"
data-urlencode = \"device_code=$_device_code\""
        if [ "$http_status" = 200 ]; then
            save_tokens "$http_body" || die "$EXIT_LOGIN_FAILED" "unexpected answer from $issuer"
            say "Signed in. Your sign-in is kept in $token_file."
            return 0
        fi
        _error=$(printf '%s' "$http_body" | json_str error)
        case $_error in
            authorization_pending) ;;
            slow_down) _interval=$((_interval + 5)) ;;
            access_denied) die "$EXIT_LOGIN_FAILED" "the sign-in was denied" ;;
            expired_token) die "$EXIT_LOGIN_FAILED" "the code expired before you signed in: run 'mfa-portal login' again" ;;
            '') [ "$http_status" = 000 ] && die "$EXIT_UNAVAILABLE" "cannot reach the sign-in service at $issuer"
                die "$EXIT_LOGIN_FAILED" "unexpected answer from $issuer (HTTP $http_status)" ;;
            *) die "$EXIT_LOGIN_FAILED" "the sign-in failed: $_error" \
                "$(printf '%s' "$http_body" | json_str error_description)" ;;
        esac
        [ "$(now)" -lt "$_deadline" ] || die "$EXIT_LOGIN_FAILED" "the code expired before you signed in"
    done
}

cmd_logout() {
    [ $# -eq 0 ] || die "$EXIT_USAGE" "logout takes no arguments"
    if load_tokens && [ -n "$refresh_token" ]; then
        # Best effort: end the session at the identity provider too.
        idp_post "$issuer/protocol/openid-connect/revoke" "data-urlencode = \"client_id=$client_id\"
data-urlencode = \"token=$refresh_token\"
data = \"token_type_hint=refresh_token\""
    fi
    rm -f "$token_file"
    rm -f "$cache_dir"/process-*.json
    say "Signed out; cached credentials deleted."
}

# ---------------------------------------------------------------- API commands

cmd_whoami() {
    [ $# -eq 0 ] || die "$EXIT_USAGE" "whoami takes no arguments"
    require_sign_in
    api GET /api/v1/me
    [ "$http_status" = 200 ] || fail_with_problem "whoami"
    _name=$(printf '%s' "$http_body" | json_str displayName)
    _user=$(printf '%s' "$http_body" | json_str iamUserName)
    _account=$(printf '%s' "$http_body" | json_str accountId)
    _state=$(printf '%s' "$http_body" | json_str mfaState)
    _serial=$(printf '%s' "$http_body" | json_str serialNumber)
    printf '%s\n' "$_name" "IAM user: $_user (account $_account)" "MFA: $_state${_serial:+ ($_serial)}"
}

# Prints "ARN<TAB>display name<TAB>longest session in seconds" per role.
role_lines() {
    api GET /api/v1/roles
    [ "$http_status" = 200 ] || fail_with_problem "listing roles"
    printf '%s' "$http_body" | tr -d '\n\r' | tr '}' '\n' | while IFS= read -r _role; do
        _arn=$(printf '%s' "$_role" | json_str arn)
        [ -n "$_arn" ] || continue
        printf '%s\t%s\t%s\n' "$_arn" "$(printf '%s' "$_role" | json_str displayName)" \
            "$(printf '%s' "$_role" | json_num maxDurationSeconds)"
    done
}

cmd_roles() {
    [ $# -eq 0 ] || die "$EXIT_USAGE" "roles takes no arguments"
    require_sign_in
    _lines=$(role_lines) || exit $?
    [ -n "$_lines" ] || { say "You may not assume any role; credentials are for your own IAM user."; return 0; }
    printf '%s\n' "$_lines"
}

# The ARN of role "$1": an ARN as is, else the role whose name or display name it is.
resolve_role() {
    case $1 in
        arn:aws*:iam::[0-9]*:role/*)
            case $1 in *[!A-Za-z0-9:/+=,.@_-]*) die "$EXIT_USAGE" "not a role ARN: $1" ;; esac
            printf '%s\n' "$1"
            return 0 ;;
        *[!A-Za-z0-9+=,.@_\ -]* | '') die "$EXIT_USAGE" "not a role name: $1" ;;
    esac
    _lines=$(role_lines) || exit $?
    _found=$(printf '%s\n' "$_lines" | awk -F '\t' -v want="$1" '{
        n = split($1, parts, "/"); if (parts[n] == want || $2 == want) { print $1; exit } }')
    [ -n "$_found" ] || die "$EXIT_USAGE" "no role '$1' for you: see 'mfa-portal roles'"
    printf '%s\n' "$_found"
}

# Reads a 6-digit MFA code from the terminal into $mfa_code.
read_code() {
    (: </dev/tty) 2>/dev/null ||
        die "$EXIT_USAGE" "an MFA code is needed, and there is no terminal to ask for it on"
    _tries=0
    while [ "$_tries" -lt 3 ]; do
        _tries=$((_tries + 1))
        printf 'MFA code: ' >/dev/tty
        IFS= read -r mfa_code </dev/tty || die "$EXIT_USAGE" "no MFA code was entered"
        mfa_code=$(printf '%s' "$mfa_code" | tr -d ' \t')
        case $mfa_code in
            [0-9][0-9][0-9][0-9][0-9][0-9]) return 0 ;;
        esac
        printf 'An MFA code is the 6 digits your authenticator app shows.\n' >/dev/tty
    done
    die "$EXIT_USAGE" "no valid MFA code was entered"
}

# Parses --role, --duration and (with "$1" = env) --shell into role, duration_seconds and shell_format.
parse_credential_options() {
    _command=$1
    shift
    role=
    duration_seconds=
    shell_format=
    while [ $# -gt 0 ]; do
        case $1 in
            --role | --duration | --shell)
                [ $# -ge 2 ] || die "$EXIT_USAGE" "$1 needs a value"
                _option=$1 _value=$2
                shift 2 ;;
            --role=* | --duration=* | --shell=*)
                _option=${1%%=*} _value=${1#*=}
                shift ;;
            *) die "$EXIT_USAGE" "unknown option for $_command: $1 (see 'mfa-portal help')" ;;
        esac
        case $_option in
            --role) role=$_value ;;
            --duration) duration_seconds=$(parse_duration "$_value") ||
                die "$EXIT_USAGE" "not a duration: $_value (use 8h, 30m, 1h30m or seconds)" ;;
            --shell)
                [ "$_command" = env ] || die "$EXIT_USAGE" "--shell is for 'mfa-portal env'"
                case $_value in
                    bash | zsh | sh) shell_format=bash ;;
                    fish) shell_format=fish ;;
                    powershell | pwsh) shell_format=powershell ;;
                    *) die "$EXIT_USAGE" "unknown shell: $_value (bash, zsh, sh, fish or powershell)" ;;
                esac ;;
        esac
    done
}

# Issues credentials in format "$1" into $http_body: prepare, ask for the code, issue.
issue() {
    require_sign_in
    _role_arn=
    [ -z "$role" ] || _role_arn=$(resolve_role "$role") || exit $?
    # Creating the short-lived key now hides IAM's propagation delay while the person reads their app.
    api POST /api/v1/credentials/prepare
    read_code
    _body="{\"code\":\"$mfa_code\"${duration_seconds:+,\"durationSeconds\":$duration_seconds}${_role_arn:+,\"roleArn\":\"$_role_arn\"}}"
    api POST "/api/v1/credentials?format=$1" "$_body" '*/*'
    [ "$http_status" = 200 ] || fail_with_problem "getting credentials"
}

cmd_env() {
    parse_credential_options env "$@"
    if [ -z "$shell_format" ]; then
        case ${SHELL:-} in
            */fish) shell_format=fish ;;
            */pwsh | */powershell) shell_format=powershell ;;
            *) shell_format=bash ;;
        esac
    fi
    issue "$shell_format"
    printf '%s\n' "$http_body"
}

cmd_process() {
    parse_credential_options process "$@"
    _key=$(printf '%s' "${role:-session}-${duration_seconds:-default}" | tr -c 'A-Za-z0-9._-' '_')
    _cache=$cache_dir/process-$_key.json
    if [ -r "$_cache" ]; then
        _expiry=$(json_str Expiration <"$_cache")
        if _until=$(iso_epoch "$_expiry") && [ "$(now)" -lt $((_until - 600)) ]; then
            cat "$_cache"
            return 0
        fi
    fi
    issue process
    (
        umask 077
        mkdir -p "$cache_dir" && printf '%s\n' "$http_body" >"$_cache.new.$$" && chmod 600 "$_cache.new.$$" &&
            mv -f "$_cache.new.$$" "$_cache"
    ) || say "mfa-portal: could not cache the credentials in $cache_dir"
    printf '%s\n' "$http_body"
}

main() {
    command -v curl >/dev/null 2>&1 || die "$EXIT_FAILURE" "curl is needed: install it first"
    [ $# -gt 0 ] || { usage >&2; exit "$EXIT_USAGE"; }
    _command=$1
    shift
    case $_command in
        login) cmd_login "$@" ;;
        logout) cmd_logout "$@" ;;
        whoami) cmd_whoami "$@" ;;
        roles) cmd_roles "$@" ;;
        env) cmd_env "$@" ;;
        process) cmd_process "$@" ;;
        help | -h | --help) usage ;;
        version | --version) printf 'mfa-portal %s (%s)\n' "$MFA_PORTAL_HELPER_VERSION" "$portal_url" ;;
        *) say "mfa-portal: unknown command: $_command"; usage >&2; exit "$EXIT_USAGE" ;;
    esac
}

# MFA_PORTAL_LIBRARY=1 only defines the functions, for the helper's own tests (`. ./mfa-portal`).
if [ "${MFA_PORTAL_LIBRARY:-}" != 1 ]; then
    main "$@"
fi

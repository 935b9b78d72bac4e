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
# The region snippets and `configure` put into profiles unless --region says otherwise.
default_region='@@REGION@@'
# Point one copy of the helper at another portal (or another identity provider) without downloading it again.
[ -n "${MFA_PORTAL_URL:-}" ] && portal_url=$MFA_PORTAL_URL
[ -n "${MFA_PORTAL_ISSUER:-}" ] && issuer=$MFA_PORTAL_ISSUER
[ -n "${MFA_PORTAL_CLIENT_ID:-}" ] && client_id=$MFA_PORTAL_CLIENT_ID

config_dir=${XDG_CONFIG_HOME:-$HOME/.config}/mfa-portal
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/mfa-portal
token_file=$config_dir/tokens
aws_config_file=${AWS_CONFIG_FILE:-$HOME/.aws/config}
user_agent="mfa-portal-cli/$MFA_PORTAL_HELPER_VERSION"

# Exit codes (also in `mfa-portal help` and docs/api.md).
EXIT_FAILURE=1      # anything else, including an unexpected answer
EXIT_USAGE=2        # wrong arguments, or no terminal to read the MFA code from
EXIT_NOT_SIGNED_IN=3 # no sign-in, or it expired: run `mfa-portal login`
EXIT_LOGIN_FAILED=4 # the browser sign-in was denied, expired or failed
EXIT_REFUSED=5      # the portal refused (wrong code, no device, unknown role, invalid input...)
EXIT_RETRY_LATER=6  # locked out after wrong codes, rate limited, or another mfa-portal busy too long: retry
EXIT_UNAVAILABLE=7  # the portal, the identity provider or AWS is unreachable or busy

usage() {
    cat <<EOF
mfa-portal $MFA_PORTAL_HELPER_VERSION: AWS credentials with MFA from $portal_url

Usage:
  mfa-portal login                 sign in with your browser (device code); keeps a refresh token
  mfa-portal logout                forget the sign-in and every cached credential
  mfa-portal whoami                who you are, your IAM user and your MFA devices
  mfa-portal roles                 the roles you may assume (ARN, name, longest session)
  mfa-portal env [options]         print credentials as a snippet for your shell:
                                     eval "\$(mfa-portal env)"          (bash, zsh, sh)
                                     mfa-portal env --shell fish | source
                                     mfa-portal env --shell powershell | Invoke-Expression
  mfa-portal process [options]     credential_process for ~/.aws/config (cached until 10 minutes
                                   before expiry; asks for a code only when it must)
  mfa-portal configure [options]   write AWS CLI profiles (credential_process) for your session and
                                   every role you may assume into ~/.aws/config
  mfa-portal help | --version

Options of env and process:
  --role NAME_OR_ARN       a role you may assume (see 'mfa-portal roles'); default: your IAM user
  --device NAME            the MFA device your code comes from (its name or serial, see
                           'mfa-portal whoami'); default: the one you used last
  --duration 8h|30m|1h30m|3600
                           session length; default: the portal's (12 hours, less for roles)
  --shell bash|zsh|sh|fish|powershell
                           (env only) default: from \$SHELL
  --region REGION          (env only) AWS_REGION and AWS_DEFAULT_REGION; default: $default_region

Options of configure (run it again whenever your roles change; it is idempotent):
  --dry-run                show the change as a diff, write nothing
  --profile-prefix PREFIX  profile names: PREFIX for your session, PREFIX-ROLE for each role;
                           default: mfa (use one prefix per portal if you have several)
  --name ROLE=PROFILE      another profile name for a role (ARN, name or display name);
                           'session=PROFILE' renames the session profile
  --region REGION          region of the profiles; default: $default_region
  --duration 8h|30m|...    session length the profiles ask for; default: the portal's
It changes only the profiles it wrote (they carry a comment naming this portal), keeps
everything else in the file as it is, and leaves a backup next to it ($aws_config_file.bak-...).

The MFA code is read from your terminal (/dev/tty), never from standard input. Without a terminal
(an IDE or a desktop tool runs credential_process), the helper opens the portal in your browser
and you type the code there (MFA_PORTAL_OPEN=none: print the address only; MFA_PORTAL_BROWSER=0:
fail instead).
Files: $token_file (your sign-in, mode 0600),
       $cache_dir/ (credential_process cache, mode 0600).
Environment: MFA_PORTAL_URL, MFA_PORTAL_ISSUER, MFA_PORTAL_CLIENT_ID override the built-in settings.

Exit codes: 0 ok, 1 failure, 2 usage or no terminal, 3 not signed in, 4 sign-in failed,
            5 refused by the portal, 6 locked out, rate limited or busy, 7 portal, sign-in or AWS unavailable.
EOF
}

say() {
    printf '%s\n' "$*" >&2
}

die() {
    _status=$1
    shift
    last_error=$*
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
    last_error="$_what failed: ${_title:-HTTP $http_status} (HTTP $http_status${_code:+, $_code})"
    say "mfa-portal: $last_error"
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
    rm -f "$cache_dir"/process-*.json "$cache_dir"/process-*.failed
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
    printf '%s\n' "$_name" "IAM user: $_user (account $_account)" "MFA: $_state"
    # one line per device: name, kind, serial (--device takes the name)
    printf '%s' "$http_body" | device_lines | while IFS="$tab" read -r _name _kind _serial; do
        printf '  %s (%s) %s\n' "$_name" "$(kind_words "$_kind")" "$_serial"
    done
}

tab=$(printf '\t')

# Prints "name<TAB>kind<TAB>serial" per MFA device in the JSON of GET /api/v1/me on standard input.
device_lines() {
    tr -d '\n\r' | sed -e 's/.*"devices"[[:space:]]*:[[:space:]]*\[//' | tr '}' '\n' |
        while IFS= read -r _device; do
            _serial=$(printf '%s' "$_device" | json_str serialNumber)
            [ -n "$_serial" ] || continue
            printf '%s\t%s\t%s\n' "$(printf '%s' "$_device" | json_str name)" \
                "$(printf '%s' "$_device" | json_str kind)" "$_serial"
        done
}

# A device kind of the API in words.
kind_words() {
    case $1 in
        AUTHENTICATOR_APP) printf 'authenticator app' ;;
        HARDWARE_TOKEN) printf 'hardware token' ;;
        SECURITY_KEY) printf 'security key, console sign-in only' ;;
        *) printf '%s' "$1" ;;
    esac
}

# Checks --device before anyone is asked for a code: it must name (case-insensitively) or be the serial of one of
# your devices that shows codes. A typo costs no code, and the message says which names there are.
check_device() {
    api GET /api/v1/me
    [ "$http_status" = 200 ] || fail_with_problem "listing your MFA devices"
    _wanted=$(printf '%s' "$device" | tr '[:upper:]' '[:lower:]')
    _names=
    _match=
    while IFS="$tab" read -r _name _kind _serial; do
        [ -n "$_serial" ] || continue
        [ "$_kind" = SECURITY_KEY ] || _names="${_names:+$_names, }$_name"
        if [ "$_serial" = "$device" ] || [ "$(printf '%s' "$_name" | tr '[:upper:]' '[:lower:]')" = "$_wanted" ]; then
            _match="$_name$tab$_kind"
        fi
    done <<DEVICES
$(printf '%s' "$http_body" | device_lines)
DEVICES
    case $_match in
        '') die "$EXIT_REFUSED" "you have no MFA device named \"$device\"; ${_names:+yours that show codes: $_names}${_names:-none of yours shows codes} (see 'mfa-portal whoami')" ;;
        *"${tab}SECURITY_KEY") die "$EXIT_REFUSED" "\"${_match%%"$tab"*}\" is a security key: AWS accepts it for console sign-in only, it shows no codes${_names:+ (yours that do: $_names)}" ;;
    esac
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

# "$1" if it is shaped like an AWS region (eu-central-1, us-gov-west-1), else fails.
valid_region() {
    case $1 in
        '' | *[!a-z0-9-]* | -* | *- | *--*) return 1 ;;
        [a-z][a-z]-?*) [ ${#1} -le 32 ] || return 1; printf '%s\n' "$1" ;;
        *) return 1 ;;
    esac
}

# Whether there is a terminal to ask for a code on (an IDE or a desktop tool running credential_process has none).
have_terminal() {
    (: </dev/tty) 2>/dev/null
}

# Reads a 6-digit MFA code from the terminal into $mfa_code.
read_code() {
    have_terminal || die "$EXIT_USAGE" "an MFA code is needed, and there is no terminal to ask for it on"
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

# Parses --role, --device, --duration and (with "$1" = env) --shell into role, device, duration_seconds and
# shell_format.
parse_credential_options() {
    _command=$1
    shift
    role=
    device=
    duration_seconds=
    shell_format=
    region=
    while [ $# -gt 0 ]; do
        case $1 in
            --role | --device | --duration | --shell | --region)
                [ $# -ge 2 ] || die "$EXIT_USAGE" "$1 needs a value"
                _option=$1 _value=$2
                shift 2 ;;
            --role=* | --device=* | --duration=* | --shell=* | --region=*)
                _option=${1%%=*} _value=${1#*=}
                shift ;;
            *) die "$EXIT_USAGE" "unknown option for $_command: $1 (see 'mfa-portal help')" ;;
        esac
        case $_option in
            --role) role=$_value ;;
            --device)
                # IAM's device names and serials: nothing that needs quoting in JSON
                case $_value in
                    '' | *[!A-Za-z0-9_+=,.@:/-]*) die "$EXIT_USAGE" "not a device name: $_value (see 'mfa-portal whoami')" ;;
                esac
                device=$_value ;;
            --duration) duration_seconds=$(parse_duration "$_value") ||
                die "$EXIT_USAGE" "not a duration: $_value (use 8h, 30m, 1h30m or seconds)" ;;
            --region)
                [ "$_command" = env ] || die "$EXIT_USAGE" "--region is for 'mfa-portal env' (credential_process has no region: it is in the profile)"
                region=$(valid_region "$_value") || die "$EXIT_USAGE" "not a region: $_value (like eu-central-1)" ;;
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

# ---------------------------------------------------------------- the code typed in the browser

# Text for the portal's page: printable, no quote or backslash, at most 300 characters.
printable() {
    printf '%s' "$1" | tr -d '\000-\037\177"' | tr -d "\\\\" | cut -c 1-300
}

# Tells the person (a notification) and opens "$1" in their browser, when there is a desktop to do it on.
# MFA_PORTAL_OPEN=none turns it off; MFA_PORTAL_OPEN=PROGRAM opens the address with PROGRAM instead.
notify_and_open() {
    case ${MFA_PORTAL_OPEN:-auto} in
        none) return 0 ;;
        auto) ;;
        *) "$MFA_PORTAL_OPEN" "$1" >/dev/null 2>&1 </dev/null &
            return 0 ;;
    esac
    # Background programs get no standard output: credential_process callers wait until it closes.
    if [ "$(uname -s 2>/dev/null)" = Darwin ]; then
        command -v osascript >/dev/null 2>&1 && osascript -e \
            'display notification "Type your MFA code in the browser" with title "MFA Portal"' >/dev/null 2>&1 </dev/null &
        command -v open >/dev/null 2>&1 && open "$1" >/dev/null 2>&1 </dev/null &
    elif [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        command -v notify-send >/dev/null 2>&1 &&
            notify-send "MFA Portal" "A command asks for your MFA code: type it in the browser" >/dev/null 2>&1 </dev/null &
        command -v xdg-open >/dev/null 2>&1 && xdg-open "$1" >/dev/null 2>&1 </dev/null &
    fi
    return 0
}

# Without a terminal: asks the portal for a code request, shows its address, and polls until the person, signed in
# to the portal, typed the code there (or refused). The credentials in format "$1" end up in $http_body.
issue_in_browser() {
    _machine=$(printable "$(hostname 2>/dev/null || uname -n)")
    # The program that runs the helper (aws, terraform, an IDE), so the person knows what asks.
    _asker=$(ps -o args= -p "$PPID" 2>/dev/null) || _asker=
    _asker=$(printable "${_asker:-mfa-portal $command_line}")
    api POST /api/v1/code-requests "{\"machine\":\"$_machine\",\"command\":\"$_asker\",\"format\":\"$1\"${device:+,\"deviceName\":\"$device\"}${duration_seconds:+,\"durationSeconds\":$duration_seconds}${_role_arn:+,\"roleArn\":\"$_role_arn\"}${region:+,\"region\":\"$region\"}}"
    [ "$http_status" = 201 ] || fail_with_problem "asking for the code in the browser"
    _id=$(printf '%s' "$http_body" | json_str id)
    _url=$(printf '%s' "$http_body" | json_str url)
    _secret=$(printf '%s' "$http_body" | json_str pollSecret)
    _interval=$(printf '%s' "$http_body" | json_num pollIntervalSeconds)
    _until=$(iso_epoch "$(printf '%s' "$http_body" | json_str expiresAt)") || _until=$(($(now) + 300))
    case $_id in '' | *[!A-Za-z0-9_-]*) die "$EXIT_FAILURE" "unexpected answer from $portal_url" ;; esac
    say "mfa-portal: no terminal to ask for your MFA code on. Type it in your browser, at"
    say "  $_url"
    say "(it expires in $((_until - $(now))) seconds)"
    notify_and_open "$_url"
    while :; do
        sleep "${_interval:-2}"
        api POST "/api/v1/code-requests/$_id/poll" "{\"pollSecret\":\"$_secret\"}" '*/*'
        case $http_status in
            200) return 0 ;;
            202) ;;
            *) fail_with_problem "the code request" ;;
        esac
        [ "$(now)" -le $((_until + 10)) ] || die "$EXIT_REFUSED" "nobody typed the code in the browser in time"
    done
}

# Issues credentials in format "$1" into $http_body: prepare, ask for the code, issue.
issue() {
    require_sign_in
    [ -z "$device" ] || check_device
    _role_arn=
    [ -z "$role" ] || _role_arn=$(resolve_role "$role") || exit $?
    # Creating the short-lived key now hides IAM's propagation delay while the person reads their app.
    api POST /api/v1/credentials/prepare
    if ! have_terminal && [ "${MFA_PORTAL_BROWSER:-1}" != 0 ]; then
        issue_in_browser "$1"
        return 0
    fi
    read_code
    _body="{\"code\":\"$mfa_code\"${device:+,\"deviceName\":\"$device\"}${duration_seconds:+,\"durationSeconds\":$duration_seconds}${_role_arn:+,\"roleArn\":\"$_role_arn\"}${region:+,\"region\":\"$region\"}}"
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

# ---------------------------------------------------------------- one refresh for parallel callers

# Ten `aws` commands (or a Terraform run) that call credential_process at once must not each ask for a code: a
# code works once. So every refresh happens under one lock in the cache directory, a directory made with mkdir
# (atomic on every system, unlike flock, which macOS lacks). The first caller asks and issues; the others wait,
# then find the fresh credentials in the cache. One lock for every profile: two prompts never share a terminal.
lock_dir=$cache_dir/lock
lock_timeout=${MFA_PORTAL_LOCK_TIMEOUT:-300}

# Takes the lock, waiting at most $lock_timeout seconds; a lock whose holder has died is broken.
take_lock() {
    _deadline=$(($(now) + lock_timeout))
    (umask 077 && mkdir -p "$cache_dir") || die "$EXIT_FAILURE" "cannot create $cache_dir"
    while :; do
        if mkdir "$lock_dir" 2>/dev/null; then
            printf '%s\n' "$$" >"$lock_dir/pid"
            trap 'release_lock' EXIT
            trap 'exit 130' INT
            trap 'exit 143' TERM HUP
            return 0
        fi
        _holder=$(cat "$lock_dir/pid" 2>/dev/null)
        if [ -n "$_holder" ] && ! kill -0 "$_holder" 2>/dev/null; then
            # The holder died without letting go (killed, or the machine slept through a reboot). Move the lock
            # aside before deleting it, and put it back if another waiter broke it first and took it anew.
            if mv "$lock_dir" "$lock_dir.stale.$$" 2>/dev/null; then
                if [ "$(cat "$lock_dir.stale.$$/pid" 2>/dev/null)" = "$_holder" ] || [ -e "$lock_dir" ]; then
                    rm -rf "$lock_dir.stale.$$"
                else
                    mv "$lock_dir.stale.$$" "$lock_dir" 2>/dev/null || rm -rf "$lock_dir.stale.$$"
                fi
            fi
            continue
        fi
        if [ "$(now)" -ge "$_deadline" ]; then
            die "$EXIT_RETRY_LATER" "gave up after ${lock_timeout}s waiting for another mfa-portal${_holder:+ (pid $_holder)}" \
                "that is getting credentials (is it waiting for an MFA code in another terminal?)." \
                "If nothing is running, delete $lock_dir; MFA_PORTAL_LOCK_TIMEOUT sets the wait."
        fi
        sleep 0.2 2>/dev/null || sleep 1
    done
}

# On exit of the lock holder: a failure is written down for the callers waiting on the same credentials, so that
# they report it instead of asking for a code each in turn; then the lock is released.
release_lock() {
    _exit=$?
    if [ "$_exit" -ne 0 ] && [ -n "${failure_file:-}" ]; then
        printf '%s %s %s\n' "$(now)" "$_exit" "${last_error:-exited with status $_exit}" >"$failure_file" 2>/dev/null
    fi
    rm -rf "$lock_dir"
    exit "$_exit"
}

# Prints the cached credentials "$1" and succeeds if they are valid for more than 10 minutes.
print_if_fresh() {
    [ -r "$1" ] || return 1
    _expiry=$(json_str Expiration <"$1")
    _until=$(iso_epoch "$_expiry") || return 1
    [ "$(now)" -lt $((_until - 600)) ] || return 1
    cat "$1"
}

cmd_process() {
    parse_credential_options process "$@"
    _started=$(now)
    _key=$(printf '%s' "${role:-session}-${duration_seconds:-default}" | tr -c 'A-Za-z0-9._-' '_')
    _cache=$cache_dir/process-$_key.json
    print_if_fresh "$_cache" && return 0
    take_lock
    # Another caller may have refreshed them while this one waited for the lock.
    print_if_fresh "$_cache" && return 0
    if [ -r "$cache_dir/process-$_key.failed" ]; then
        read -r _failed_at _failed_status _failed_reason <"$cache_dir/process-$_key.failed"
        case $_failed_at$_failed_status in *[!0-9]* | '') _failed_at=0 ;; esac
        if [ "$_failed_at" -ge "$_started" ]; then
            # It failed while this caller waited: asking again at once would fail the same way (or burn a code).
            die "$_failed_status" "another mfa-portal getting the same credentials just failed: $_failed_reason"
        fi
    fi
    failure_file=$cache_dir/process-$_key.failed
    issue process
    (
        umask 077
        printf '%s\n' "$http_body" >"$_cache.new.$$" && chmod 600 "$_cache.new.$$" && mv -f "$_cache.new.$$" "$_cache"
    ) || say "mfa-portal: could not cache the credentials in $cache_dir"
    rm -f "$failure_file"
    printf '%s\n' "$http_body"
}

# ---------------------------------------------------------------- configure: AWS CLI profiles

# The absolute path of this script, for credential_process lines that work from any directory.
self_path() {
    case $0 in
        /*) _self=$0 ;;
        */*) _self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0") ;;
        *) _self=$(command -v "$0") || _self=$0 ;;
    esac
    case $_self in
        *[\"\'\\]*) die "$EXIT_FAILURE" "the helper's path has a quote or backslash, which credential_process cannot carry: $_self" ;;
        *[[:space:]]*) printf '"%s"\n' "$_self" ;;
        *) printf '%s\n' "$_self" ;;
    esac
}

# A profile name from a display name: "Engineer admin (prod)" -> engineer-admin-prod.
profile_slug() {
    printf '%s' "$1" | tr 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' 'abcdefghijklmnopqrstuvwxyz' |
        sed -e 's/[^a-z0-9._]\{1,\}/-/g' -e 's/^-*//' -e 's/-*$//'
}

valid_profile_name() {
    case $1 in
        '' | *[!A-Za-z0-9_.-]*) return 1 ;;
    esac
    [ ${#1} -le 64 ]
}

# The profile name chosen with --name for "$1" (session, or a role's ARN), matched by ARN, role name or display
# name ("$2"); empty when none was chosen.
chosen_name() {
    printf '%s' "$configure_names" | awk -F '=' -v arn="$1" -v display="$2" '
        { key = $0; sub(/=[^=]*$/, "", key); value = $0; sub(/^.*=/, "", value)
          n = split(arn, parts, "/")
          if (key == arn || (arn != "session" && key == parts[n]) || (display != "" && key == display)) { print value; exit } }'
}

# Rewrites the AWS config file "$1" into "$2" with the wanted profiles of "$3" (lines: name TAB credential_process),
# touching only the profiles this portal's helper wrote. Reports one line per profile into "$4".
rewrite_aws_config() {
    _missing_newline=
    if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then
        _missing_newline=1
    fi
    MFA_OWNER="# Managed by 'mfa-portal configure' for $portal_url" MFA_MARKER="$configure_marker" \
        MFA_REGION="$configure_region" MFA_REPORT="$4" MFA_NO_FINAL_NEWLINE="$_missing_newline" \
        awk -F '\t' '
        function header_name(l,   n) {
            n = l; sub(/^[ \t]*\[[ \t]*/, "", n); sub(/[ \t]*\].*$/, "", n)
            if (n ~ /^profile[ \t]/) { sub(/^profile[ \t]+/, "", n) } else if (n != "default") { n = "[" n "]" }
            return n
        }
        function section(name) { return name == "default" ? "[default]" : "[profile " name "]" }
        function block(name) {
            return section(name) "\n" ENVIRON["MFA_MARKER"] "\ncredential_process = " want[name] "\nregion = " ENVIRON["MFA_REGION"]
        }
        function emit(text,   parts, k, m) {
            m = split(text, parts, "\n"); for (k = 1; k <= m; k++) out[++outs] = parts[k]
        }
        FNR == NR { if ($1 != "") { want[$1] = $2; order[++wanted] = $1 }; next }
        { line[++lines] = $0 }
        END {
            owner = ENVIRON["MFA_OWNER"]; report = ENVIRON["MFA_REPORT"]
            i = 1
            while (i <= lines) {
                l = line[i]
                if (l ~ /^[ \t]*\[[^]]*\]/) {
                    name = header_name(l)
                    mark = (i < lines) ? line[i + 1] : ""
                    if (index(mark, owner " ") == 1 || mark == owner) {
                        j = i + 1
                        while (j < lines && line[j + 1] ~ /^[ \t]*[A-Za-z0-9_]+[ \t]*=/) j++
                        old = line[i]; for (k = i + 1; k <= j; k++) old = old "\n" line[k]
                        if ((name in want) && !(name in done)) {
                            emit(block(name)); done[name] = 1
                            status[name] = (old == block(name)) ? "unchanged" : "updated"
                        } else if (mark == ENVIRON["MFA_MARKER"]) {
                            if (outs > 0 && out[outs] == "") outs--
                            print "removed " section(name) " (no longer one of your roles)" > report
                            changed = 1
                        } else {
                            for (k = i; k <= j; k++) out[++outs] = line[k]
                        }
                        i = j + 1
                        continue
                    }
                    if ((name in want) && !(name in done)) {
                        status[name] = "skipped"; done[name] = 1
                    }
                }
                out[++outs] = l
                i++
            }
            original_end = outs
            for (k = 1; k <= wanted; k++) {
                name = order[k]
                if (name in done) continue
                if (outs > 0 && out[outs] != "") out[++outs] = ""
                emit(block(name)); done[name] = 1; status[name] = "added"
            }
            for (k = 1; k <= wanted; k++) {
                name = order[k]
                if (status[name] == "skipped") {
                    print "skipped " section(name) ": it is not one mfa-portal wrote; choose another name with --name or --profile-prefix" > report
                } else {
                    print status[name] " " section(name) > report
                }
            }
            for (k = 1; k <= outs; k++) {
                if (k == outs && k == original_end && ENVIRON["MFA_NO_FINAL_NEWLINE"] == 1) printf "%s", out[k]
                else printf "%s\n", out[k]
            }
        }' "$3" "$1" >"$2"
}

cmd_configure() {
    _dry_run=
    configure_prefix=mfa
    configure_region=$default_region
    configure_names=
    _duration=
    while [ $# -gt 0 ]; do
        case $1 in
            --dry-run) _dry_run=1; shift; continue ;;
            --profile-prefix | --region | --name | --duration)
                [ $# -ge 2 ] || die "$EXIT_USAGE" "$1 needs a value"
                _option=$1 _value=$2
                shift 2 ;;
            --profile-prefix=* | --region=* | --name=* | --duration=*)
                _option=${1%%=*} _value=${1#*=}
                shift ;;
            *) die "$EXIT_USAGE" "unknown option for configure: $1 (see 'mfa-portal help')" ;;
        esac
        case $_option in
            --profile-prefix)
                if ! valid_profile_name "$_value" || [ ${#_value} -gt 40 ]; then
                    die "$EXIT_USAGE" "not a profile prefix: $_value (letters, digits, . _ -; at most 40)"
                fi
                configure_prefix=$_value ;;
            --region) configure_region=$(valid_region "$_value") ||
                die "$EXIT_USAGE" "not a region: $_value (like eu-central-1)" ;;
            --duration) _duration=$(parse_duration "$_value") ||
                die "$EXIT_USAGE" "not a duration: $_value (use 8h, 30m, 1h30m or seconds)" ;;
            --name)
                case $_value in
                    ?*=?*) valid_profile_name "${_value##*=}" ||
                        die "$EXIT_USAGE" "not a profile name: ${_value##*=} (letters, digits, . _ -)" ;;
                    *) die "$EXIT_USAGE" "--name needs ROLE=PROFILE (or session=PROFILE): $_value" ;;
                esac
                configure_names="$configure_names$_value
" ;;
        esac
    done
    configure_marker="# Managed by 'mfa-portal configure' for $portal_url (prefix $configure_prefix): changes here are replaced when it runs again."
    require_sign_in
    _roles=$(role_lines) || exit $?
    _self=$(self_path) || exit $?
    _tab=$(printf '\t')
    _wanted=$(
        _name=$(chosen_name session "")
        printf '%s\t%s\n' "${_name:-$configure_prefix}" "$_self process${_duration:+ --duration $_duration}"
        printf '%s\n' "$_roles" | while IFS=$_tab read -r _arn _display _max; do
            [ -n "$_arn" ] || continue
            _name=$(chosen_name "$_arn" "$_display")
            if [ -z "$_name" ]; then
                _slug=$(profile_slug "$_display")
                [ -n "$_slug" ] || _slug=$(profile_slug "${_arn##*/}")
                _name=$configure_prefix-$_slug
            fi
            _role_duration=$_duration
            if [ -n "$_role_duration" ] && [ -n "$_max" ] && [ "$_role_duration" -gt "$_max" ]; then
                _role_duration=$_max
            fi
            printf '%s\t%s\n' "$_name" "$_self process --role $_arn${_role_duration:+ --duration $_role_duration}"
        done
    )
    _duplicate=$(printf '%s\n' "$_wanted" | cut -f 1 | sort | uniq -d | head -n 1)
    [ -z "$_duplicate" ] || die "$EXIT_USAGE" "two profiles would be named $_duplicate: give one another name with --name"
    for _name in $(printf '%s\n' "$_wanted" | cut -f 1); do
        valid_profile_name "$_name" || die "$EXIT_USAGE" "not a profile name: $_name (choose one with --name)"
    done

    _dir=$(dirname "$aws_config_file")
    (umask 077 && mkdir -p "$_dir") || die "$EXIT_FAILURE" "cannot create $_dir"
    _new=$aws_config_file.mfa-portal-new.$$
    _report=$aws_config_file.mfa-portal-report.$$
    _wanted_file=$aws_config_file.mfa-portal-wanted.$$
    trap 'rm -f "$_new" "$_report" "$_wanted_file"' EXIT
    _old=$aws_config_file
    [ -e "$_old" ] || _old=/dev/null
    if ! { printf '%s\n' "$_wanted" >"$_wanted_file" && : >"$_report" &&
        rewrite_aws_config "$_old" "$_new" "$_wanted_file" "$_report"; }; then
        die "$EXIT_FAILURE" "cannot write next to $aws_config_file"
    fi

    if cmp -s "$_old" "$_new"; then
        sed 's/^/  /' "$_report" >&2
        say "Nothing to change in $aws_config_file."
    elif [ -n "$_dry_run" ]; then
        diff -u "$_old" "$_new"
        sed 's/^/  /' "$_report" >&2
        say "Dry run: $aws_config_file was not changed."
    else
        if [ "$_old" != /dev/null ]; then
            _backup=$aws_config_file.bak-$(date +%Y%m%d%H%M%S)
            cp -p "$aws_config_file" "$_backup" || die "$EXIT_FAILURE" "cannot make a backup at $_backup"
        fi
        if [ -L "$aws_config_file" ] || [ "$_old" = /dev/null ]; then
            # Through a symbolic link (a dotfiles repository, say), or a new file under umask 077.
            (umask 077 && cat "$_new" >"$aws_config_file") || die "$EXIT_FAILURE" "cannot write $aws_config_file"
        else
            # Same mode as before, then an atomic rename: a reader never sees half a file.
            if ! { cp -p "$aws_config_file" "$_new.mode" && cat "$_new" >"$_new.mode" &&
                mv -f "$_new.mode" "$aws_config_file"; }; then
                rm -f "$_new.mode"
                die "$EXIT_FAILURE" "cannot write $aws_config_file"
            fi
        fi
        sed 's/^/  /' "$_report" >&2
        say "Wrote $aws_config_file${_backup:+ (backup: $_backup)}."
    fi
    _first=$(printf '%s\n' "$_wanted" | head -n 1 | cut -f 1)
    [ -n "$_dry_run" ] || say "Try: aws sts get-caller-identity --profile $_first"
}

main() {
    command -v curl >/dev/null 2>&1 || die "$EXIT_FAILURE" "curl is needed: install it first"
    [ $# -gt 0 ] || { usage >&2; exit "$EXIT_USAGE"; }
    command_line=$*
    _command=$1
    shift
    case $_command in
        login) cmd_login "$@" ;;
        logout) cmd_logout "$@" ;;
        whoami) cmd_whoami "$@" ;;
        roles) cmd_roles "$@" ;;
        env) cmd_env "$@" ;;
        process) cmd_process "$@" ;;
        configure) cmd_configure "$@" ;;
        help | -h | --help) usage ;;
        version | --version) printf 'mfa-portal %s (%s)\n' "$MFA_PORTAL_HELPER_VERSION" "$portal_url" ;;
        *) say "mfa-portal: unknown command: $_command"; usage >&2; exit "$EXIT_USAGE" ;;
    esac
}

# MFA_PORTAL_LIBRARY=1 only defines the functions, for the helper's own tests (`. ./mfa-portal`).
if [ "${MFA_PORTAL_LIBRARY:-}" != 1 ]; then
    main "$@"
fi

#!/usr/bin/env bash
# Installs the programs the test suite drives that a fresh Debian machine lacks: fish and zsh (credential
# snippets are fed to the real shells), Chromium with its driver (the browser suite) and shellcheck (the
# command-line helper is checked as POSIX sh), kubectl (renders k8s/ with its built-in kustomize), and podman, runc,
# mmdebstrap and podman-compose (the container image is built and run: ContainerImageIT, ComposeStackIT) with the
# CNI dnsname plugin (compose services find each other by name on podman's CNI networks). Run as root it
# installs them with apt-get; otherwise it names what is missing and how to install it, and fails.
set -euo pipefail

declare -A packages=([fish]=fish [zsh]=zsh [chromium]=chromium [chromedriver]=chromium-driver [shellcheck]=shellcheck
  [kubectl]=kubernetes-client [podman]=podman [runc]=runc [mmdebstrap]=mmdebstrap [podman-compose]=podman-compose)
missing=()
for command in "${!packages[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${packages[$command]}")
done
[ -x /usr/lib/cni/dnsname ] || missing+=(golang-github-containernetworking-plugin-dnsname)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing test tools: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The test suite needs: ${missing[*]}. Install them, e.g.: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

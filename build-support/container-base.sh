#!/usr/bin/env bash
# Makes the local base image the image test builds on, without any container registry: a Debian bookworm root
# filesystem with a JRE 17 (mmdebstrap, from the Debian package mirror), imported into podman as
# localhost/mfa-portal-base:bookworm-jre17. The tarball is cached in ~/.cache/mfa-portal (about a minute the
# first time, nothing after). Prints the image name. Needs root (or a subuid range) for mmdebstrap; see DEVELOPERS.md.
set -euo pipefail

image=localhost/mfa-portal-base:bookworm-jre17
cache="${MFA_PORTAL_CACHE:-$HOME/.cache/mfa-portal}"
tarball="$cache/base-bookworm-jre17.tar"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$(dirname "$0")/podman/containers.conf}"

if podman image exists "$image"; then
  echo "$image"
  exit 0
fi
mkdir -p "$cache"
if [ ! -s "$tarball" ]; then
  # passwd: groupadd/useradd for the Dockerfile's user; bash: its health check. No apt lists or caches are kept.
  mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,passwd,bash \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    --format=tar bookworm "$tarball.part" >&2
  mv "$tarball.part" "$tarball"
fi
podman import --change 'CMD ["/bin/bash"]' "$tarball" "$image" >/dev/null
echo "$image"

#!/usr/bin/env bash
# Builds the test-only stand-ins for docker/compose.yaml's public Keycloak and PostgreSQL images (no registry on the
# build machines), on the local base of build-support/container-base.sh, unless they exist already (podman keeps
# them between runs: a minute or two the first time, nothing after). Prints the two image names, Keycloak's first;
# compose.local-images.yaml swaps them in. Usage: service-images.sh KEYCLOAK_DIST_TAR_GZ JAVA_21_HOME
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dist="$1"
jdk="$2"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/../podman/containers.conf}"
base="$("$here/../container-base.sh")"
version="$(basename "$dist" .tar.gz)"
version="${version#keycloak-quarkus-dist-}"

# The tags name what went into the images, so a changed recipe makes new ones.
recipe() { cat "$@" | sha256sum | cut -c1-12; }
postgres="localhost/mfa-portal-compose-postgres:15-$(recipe "$here/postgres.Dockerfile" "$here/postgres-entrypoint.sh")"
keycloak="localhost/mfa-portal-compose-keycloak:$version-$(recipe "$here/keycloak.Dockerfile")"
if ! podman image exists "$postgres"; then
  # Debian's packages come from its mirror: the build needs the host's network.
  podman build --quiet --network host --build-arg "BASE_IMAGE=$base" -f "$here/postgres.Dockerfile" -t "$postgres" \
    "$here" >&2
fi
if ! podman image exists "$keycloak"; then
  podman build --quiet --build-arg "BASE_IMAGE=$base" --build-arg "KEYCLOAK_VERSION=$version" \
    -v "$jdk:/mnt/jdk:ro" -f "$here/keycloak.Dockerfile" -t "$keycloak" "$(dirname "$dist")" >&2
fi
echo "$keycloak $postgres"

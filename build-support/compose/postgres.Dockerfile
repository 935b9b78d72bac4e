# Test-only stand-in for the public postgres image of docker/compose.yaml, for machines without a registry: Debian's
# PostgreSQL on the local mmdebstrap base (build-support/container-base.sh). It keeps the parts of the public image's
# contract that compose.yaml uses: POSTGRES_DB, POSTGRES_USER and POSTGRES_PASSWORD create the database and its
# owner on first start, the data lives in /var/lib/postgresql/data (a volume), logins from the network need the
# password, and pg_isready is on PATH. Built by build-support/compose/service-images.sh.
ARG BASE_IMAGE=localhost/mfa-portal-base:bookworm-jre17
FROM ${BASE_IMAGE}

RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql

COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
USER postgres
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]

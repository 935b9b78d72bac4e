# Test-only stand-in for the public Keycloak image of docker/compose.yaml, for machines without a registry: the
# same Keycloak server distribution (the tar.gz the Maven build downloads for the tests, in the build context) on
# the local mmdebstrap base, with a Java 21+ runtime copied from the build machine (Keycloak 26 needs Java 21; the
# base's is 17). Like the public image: /opt/keycloak, kc.sh as the entrypoint, user 1000, bash for the health
# check. Built by build-support/compose/service-images.sh with the JDK mounted at /mnt/jdk.
ARG BASE_IMAGE=localhost/mfa-portal-base:bookworm-jre17
FROM ${BASE_IMAGE}
ARG KEYCLOAK_VERSION

ADD keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz /opt/
RUN cp -a /mnt/jdk /opt/java \
 && mv /opt/keycloak-${KEYCLOAK_VERSION} /opt/keycloak \
 && mkdir -p /opt/keycloak/data/import \
 && groupadd --gid 1000 keycloak && useradd --uid 1000 --gid keycloak --home-dir /opt/keycloak keycloak \
 && chown -R keycloak:keycloak /opt/keycloak
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:$PATH
WORKDIR /opt/keycloak
USER 1000
EXPOSE 8080 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]

package org.mfaportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The invariants of k8s/: every manifest, as Kubernetes models, checked for what running the portal safely on
 * several replicas needs. Runs on the base read directly and, where kustomize (or kubectl) is installed, on the
 * base and the example overlay as kustomize renders them.
 */
class KubernetesManifestsTest {

    static final Path BASE = Manifests.K8S.resolve("base");
    static final Path OVERLAY = Manifests.K8S.resolve("overlays/example");
    static final String NAMESPACE = "mfa-portal";
    static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    /** Quarkus' management interface (quarkus.management.port, default 9000): health and metrics, never routed. */
    static final int MANAGEMENT_PORT = 9000;

    private static final Optional<List<String>> KUSTOMIZE = Manifests.kustomizeCommand();
    private static final List<Manifests> SETS = new ArrayList<>();

    @BeforeAll
    static void load() {
        if (SETS.isEmpty()) {
            SETS.add(Manifests.readBase(BASE));
            KUSTOMIZE.ifPresent(k -> {
                SETS.add(Manifests.render(k, BASE));
                SETS.add(Manifests.render(k, OVERLAY));
            });
        }
    }

    static Stream<Manifests> manifests() {
        load();
        return SETS.stream();
    }

    // ------------------------------------------------------------------ the files themselves

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyFieldIsOneKubernetesKnows(Manifests set) {
        assertThat(set.unknownFields()).as("fields the Kubernetes model does not know (typos?)").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyObjectIsInThePortalNamespace(Manifests set) {
        for (HasMetadata object : set.objects()) {
            if (!object.getKind().equals("Namespace")) {
                assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isEqualTo(NAMESPACE);
            }
        }
    }

    @Test
    void everyYamlFileUnderK8sParsesIntoAModel() throws IOException {
        for (Path file : yamlFiles()) {
            for (JsonNode document : Manifests.readYaml(file)) {
                if (document.has("apiVersion") && document.path("apiVersion").asText().startsWith("kustomize.config")) {
                    continue;
                }
                if (file.startsWith(Manifests.K8S.resolve("iam"))) {
                    continue; // the CloudFormation template; IamPolicyTest reads it
                }
                List<String> unknown = new ArrayList<>();
                assertThatCode(() -> Manifests.unknownFields(Manifests.toModel(document, Manifests.modelOf(document)),
                        file.getFileName().toString(), unknown)).as(file.toString()).doesNotThrowAnyException();
                assertThat(unknown).as(file + ": unknown fields").isEmpty();
            }
        }
    }

    @Test
    void noSecretIsCommittedWithData() throws IOException {
        for (Path file : yamlFiles()) {
            for (JsonNode document : Manifests.readYaml(file)) {
                if ("Secret".equals(document.path("kind").asText())) {
                    Secret secret = Manifests.toModel(document, Secret.class);
                    assertThat(secret.getData()).as(file + ": Secret data").isNullOrEmpty();
                    assertThat(secret.getStringData()).as(file + ": Secret stringData").isNullOrEmpty();
                }
                assertThat(document.path("secretGenerator").isMissingNode())
                        .as(file + ": secretGenerator would need the secret values in the repository").isTrue();
            }
        }
    }

    @Test
    void kustomizeBuildsTheBaseAndTheExampleOverlay() {
        assertThat(KUSTOMIZE).as("kustomize is needed: install kubectl (it has kustomize built in) or kustomize").isPresent();
        assertThat(Manifests.render(KUSTOMIZE.get(), BASE).objects()).isNotEmpty();
        assertThat(Manifests.render(KUSTOMIZE.get(), OVERLAY).objects()).isNotEmpty();
    }

    @Test
    void theExampleOverlayPinsAnImageAndNamesItsOwnRoleAndHost() {
        assertThat(KUSTOMIZE).as("kustomize is needed to render the overlay: install kubectl or kustomize").isPresent();
        Manifests base = Manifests.render(KUSTOMIZE.get(), BASE);
        Manifests overlay = Manifests.render(KUSTOMIZE.get(), OVERLAY);
        String image = container(overlay.one(Deployment.class)).getImage();
        assertThat(image).contains(":").doesNotEndWith(":latest");
        assertThat(irsaRoleArn(overlay)).isNotEqualTo(irsaRoleArn(base));
        assertThat(overlay.one(Ingress.class).getSpec().getRules().get(0).getHost())
                .isNotEqualTo(base.one(Ingress.class).getSpec().getRules().get(0).getHost());
    }

    // ------------------------------------------------------------------ availability

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void deploymentRunsAtLeastTwoReplicasAndRollsWithoutLosingOne(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                .isEqualTo(new IntOrString(0));
        assertThat(selects(deployment.getSpec().getSelector(), podLabels(deployment)))
                .as("the Deployment's selector matches its own pods").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void podsPreferSeparateNodes(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        List<WeightedPodAffinityTerm> preferred = podSpec(deployment).getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(preferred).anySatisfy(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(selects(term.getPodAffinityTerm().getLabelSelector(), podLabels(deployment))).isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void disruptionBudgetKeepsOnePortalPodUp(Manifests set) {
        PodDisruptionBudget pdb = set.one(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        assertThat(selects(pdb.getSpec().getSelector(), podLabels(set.one(Deployment.class))))
                .as("the PodDisruptionBudget selects the portal's pods").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void autoscalerNeverGoesBelowTwoAndScalesThePortal(Manifests set) {
        HorizontalPodAutoscaler hpa = set.one(HorizontalPodAutoscaler.class);
        Deployment deployment = set.one(Deployment.class);
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        // CPU utilisation is measured against the request, so there must be one.
        assertThat(container(deployment).getResources().getRequests()).containsKey("cpu");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void containerHasRequestsAndLimits(Manifests set) {
        var resources = container(set.one(Deployment.class)).getResources();
        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(resources.getRequests().get("memory")))
                .isLessThanOrEqualTo(Quantity.getAmountInBytes(resources.getLimits().get("memory")));
        assertThat(Quantity.getAmountInBytes(resources.getRequests().get("cpu")))
                .isLessThanOrEqualTo(Quantity.getAmountInBytes(resources.getLimits().get("cpu")));
    }

    // ------------------------------------------------------------------ probes on SmallRye Health

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void probesUseTheHealthEndpointsOnTheManagementPort(Manifests set) {
        Container container = container(set.one(Deployment.class));
        assertProbe(container, container.getStartupProbe(), "/q/health/started");
        assertProbe(container, container.getLivenessProbe(), "/q/health/live");
        assertProbe(container, container.getReadinessProbe(), "/q/health/ready");
        // The AWS readiness check waits up to 3 s (AwsReadinessCheck.TIMEOUT); the probe must wait longer.
        assertThat(container.getReadinessProbe().getTimeoutSeconds()).isGreaterThan(3);
    }

    @Test
    void theHealthPathsAreWhereQuarkusServesThem() {
        // SmallRye Health is a dependency, served on the management interface at its default port (9000) and root
        // (/q), and nothing moves the HTTP port away from the default (OperationsEndpointsTest asks the paths).
        assertThat(PortalSettings.read(Manifests.REPO.resolve("portal/pom.xml"))).contains("<artifactId>quarkus-smallrye-health</artifactId>");
        String properties = PortalSettings.read(Manifests.REPO.resolve("portal/src/main/resources/application.properties"));
        assertThat(properties).contains("\nquarkus.management.enabled=true\n");
        assertThat(properties).doesNotContain("quarkus.smallrye-health.root-path", "quarkus.http.non-application-root-path",
                "quarkus.management.root-path", "quarkus.http.port", "quarkus.http.root-path", "\nquarkus.management.port");
        assertThat(HEALTH_PATHS).allMatch(p -> p.startsWith("/q/health/"));
    }

    // ------------------------------------------------------------------ security context

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void containerRunsRestricted(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        PodSpec pod = podSpec(deployment);
        Container container = container(deployment);
        var podContext = pod.getSecurityContext();
        var context = container.getSecurityContext();

        assertThat(Objects.requireNonNullElse(context.getRunAsNonRoot(), podContext.getRunAsNonRoot())).isTrue();
        Long uid = Objects.requireNonNullElse(context.getRunAsUser(), podContext.getRunAsUser());
        assertThat(uid).as("numeric non-root user").isNotNull().isPositive();
        // The user the image runs as (ContainerImageIT checks the running process is exactly that user, with no
        // capabilities, on a read-only root with only /tmp writable: what this context asks for).
        java.util.regex.Matcher imageUser = java.util.regex.Pattern.compile("(?m)^ARG APP_UID=(\\d+)$")
                .matcher(PortalSettings.read(Manifests.REPO.resolve("docker/Dockerfile")));
        assertThat(imageUser.find()).isTrue();
        assertThat(uid).as("the image's user").isEqualTo(Long.parseLong(imageUser.group(1)));
        assertThat(Objects.requireNonNullElse(context.getRunAsGroup(), podContext.getRunAsGroup()))
                .isEqualTo(Long.parseLong(imageUser.group(1)));
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
        String seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile().getType()
                : podContext.getSeccompProfile().getType();
        assertThat(seccomp).isEqualTo("RuntimeDefault");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void tmpIsTheOnlyWritablePathAndIsAnEmptyDir(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        List<VolumeMount> mounts = container(deployment).getVolumeMounts();
        assertThat(mounts).extracting(VolumeMount::getMountPath).containsExactly("/tmp");
        Volume tmp = podSpec(deployment).getVolumes().stream()
                .filter(v -> v.getName().equals(mounts.get(0).getName())).findFirst().orElseThrow();
        assertThat(tmp.getEmptyDir()).isNotNull();
        assertThat(tmp.getEmptyDir().getSizeLimit()).as("a bounded emptyDir").isNotNull();
    }

    // ------------------------------------------------------------------ identity in AWS

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void podsRunAsTheIrsaServiceAccount(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        String name = podSpec(deployment).getServiceAccountName();
        ServiceAccount account = set.named(ServiceAccount.class, name).orElseThrow(
                () -> new AssertionError("the Deployment's service account " + name + " is not among the manifests"));
        assertThat(account.getMetadata().getAnnotations().get(IRSA_ANNOTATION))
                .matches("arn:aws(-[a-z]+)?:iam::\\d{12}:role/[\\w+=,.@/-]+");
        assertThat(account.getMetadata().getNamespace() + ":" + name)
                .as("namespace:name the IAM kit's trust policy names").isEqualTo(NAMESPACE + ":mfa-portal");
    }

    // ------------------------------------------------------------------ traffic

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void serviceAndIngressReachTheContainerPort(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        Container container = container(deployment);
        Service service = set.one(Service.class);
        assertThat(selects(service.getSpec().getSelector(), podLabels(deployment)))
                .as("the Service selects the portal's pods").isTrue();
        for (ServicePort port : service.getSpec().getPorts()) {
            assertThat(containerPort(container, port.getTargetPort())).as("Service port " + port.getName()).isEqualTo(8080);
        }

        Ingress ingress = set.one(Ingress.class);
        List<String> hosts = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            hosts.add(rule.getHost());
            for (var path : rule.getHttp().getPaths()) {
                IngressBackend backend = path.getBackend();
                assertThat(backend.getService().getName()).isEqualTo(service.getMetadata().getName());
                var port = backend.getService().getPort();
                assertThat(service.getSpec().getPorts()).as("Ingress backend port " + port).anySatisfy(p -> {
                    if (port.getName() != null) {
                        assertThat(p.getName()).isEqualTo(port.getName());
                    } else {
                        assertThat(p.getPort()).isEqualTo(port.getNumber());
                    }
                });
            }
        }
        assertThat(ingress.getSpec().getTls()).as("TLS").isNotEmpty();
        assertThat(ingress.getSpec().getTls()).allSatisfy(tls -> assertThat(tls.getSecretName()).isNotBlank());
        assertThat(ingress.getSpec().getTls().stream().flatMap(t -> t.getHosts().stream()).toList())
                .as("every host is served over TLS").containsAll(hosts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void networkPolicyAdmitsOnlyTheIngressControllerAndLetsOutOnlyWhatThePortalCalls(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        NetworkPolicy policy = set.named(NetworkPolicy.class, "mfa-portal").orElseThrow();
        assertThat(selects(policy.getSpec().getPodSelector(), podLabels(deployment))).isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        assertThat(ingress).hasSize(1);
        List<NetworkPolicyPeer> from = ingress.get(0).getFrom();
        assertThat(from).isNotEmpty().allSatisfy(peer -> {
            assertThat(peer.getIpBlock()).as("no address ranges, only the controller's namespace").isNull();
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsKey("kubernetes.io/metadata.name");
        });
        assertThat(ingress.get(0).getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(containerPort(container(deployment), port.getPort())).isEqualTo(8080);
        });

        Map<Integer, List<String>> egressPorts = new HashMap<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertThat(rule.getPorts()).as("every egress rule names its ports").isNotEmpty();
            for (NetworkPolicyPort port : rule.getPorts()) {
                egressPorts.computeIfAbsent(port.getPort().getIntVal(), p -> new ArrayList<>()).add(port.getProtocol());
            }
        }
        // DNS, PostgreSQL, HTTPS (Keycloak, IAM, STS) and nothing else.
        assertThat(egressPorts).containsOnlyKeys(53, 5432, 443);
        assertThat(egressPorts.get(53)).contains("UDP", "TCP");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void onlyPrometheusReachesTheManagementPortAndNeitherServiceNorIngressRoutesIt(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        Container container = container(deployment);
        // Policies add up: every ingress rule of every policy on the portal's pods, by the container port it opens.
        Map<Integer, List<NetworkPolicyIngressRule>> rulesByPort = new HashMap<>();
        for (NetworkPolicy policy : set.all(NetworkPolicy.class)) {
            if (!selects(policy.getSpec().getPodSelector(), podLabels(deployment))) {
                continue;
            }
            assertThat(policy.getSpec().getPolicyTypes()).as(policy.getMetadata().getName()).contains("Ingress");
            for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
                    List.<NetworkPolicyIngressRule>of())) {
                assertThat(rule.getFrom()).as(policy.getMetadata().getName() + ": a rule without peers admits everyone")
                        .isNotEmpty();
                assertThat(rule.getPorts()).as(policy.getMetadata().getName() + ": a rule without ports opens all")
                        .isNotEmpty();
                for (NetworkPolicyPort port : rule.getPorts()) {
                    assertThat(port.getEndPort()).as("no port ranges").isNull();
                    Integer containerPort = containerPort(container, port.getPort());
                    assertThat(containerPort).as(policy.getMetadata().getName() + " opens " + port.getPort()
                            + ", not a port of the container").isNotNull();
                    rulesByPort.computeIfAbsent(containerPort, p -> new ArrayList<>()).add(rule);
                }
            }
        }
        assertThat(rulesByPort).containsOnlyKeys(8080, MANAGEMENT_PORT);
        assertThat(rulesByPort.get(MANAGEMENT_PORT)).as("rules admitting to the management port").singleElement()
                .satisfies(rule -> {
                    assertThat(rule.getPorts()).as("the Prometheus rule opens the management port only").hasSize(1);
                    assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getNamespaceSelector().getMatchLabels())
                                .containsKey("kubernetes.io/metadata.name");
                        assertThat(peer.getPodSelector().getMatchLabels()).as("Prometheus' pods, not its whole namespace")
                                .containsEntry("app.kubernetes.io/name", "prometheus");
                    });
                });
        assertThat(rulesByPort.get(8080)).as("Prometheus is not admitted to the public port")
                .noneMatch(rule -> rulesByPort.get(MANAGEMENT_PORT).contains(rule));

        // The pod template tells an annotation-driven Prometheus the same port and path.
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(MANAGEMENT_PORT))
                .containsEntry("prometheus.io/path", "/q/metrics");

        Service service = set.one(Service.class);
        assertThat(service.getSpec().getPorts()).as("the Service never routes to the management port")
                .allSatisfy(p -> assertThat(containerPort(container, p.getTargetPort())).isNotEqualTo(MANAGEMENT_PORT));
        for (IngressRule rule : set.one(Ingress.class).getSpec().getRules()) {
            for (var path : rule.getHttp().getPaths()) {
                var port = path.getBackend().getService().getPort();
                ServicePort routed = service.getSpec().getPorts().stream()
                        .filter(p -> port.getName() != null ? port.getName().equals(p.getName())
                                : port.getNumber().equals(p.getPort()))
                        .findFirst().orElseThrow();
                assertThat(containerPort(container, routed.getTargetPort())).as("the Ingress routes " + path.getPath())
                        .isEqualTo(8080);
            }
        }
    }

    // ------------------------------------------------------------------ configuration

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void configurationComesFromTheConfigMapAndSecretsByReference(Manifests set) {
        Deployment deployment = set.one(Deployment.class);
        Container container = container(deployment);
        ConfigMap config = set.one(ConfigMap.class);
        assertThat(container.getEnvFrom()).anySatisfy(
                from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));

        Map<String, String> data = config.getData();
        assertThat(data).containsKeys("QUARKUS_OIDC_AUTH_SERVER_URL", "PORTAL_DB_URL", "PORTAL_IDENTITY_MANAGED_PATH",
                "JAVA_OPTS");
        assertThat(data.get("QUARKUS_OIDC_AUTH_SERVER_URL")).startsWith("https://");
        assertThat(data.get("PORTAL_DB_URL")).startsWith("jdbc:postgresql://");
        assertThat(data).containsEntry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true")
                .containsEntry("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true")
                .containsEntry("QUARKUS_OIDC_AUTHENTICATION_FORCE_REDIRECT_HTTPS_SCHEME", "true");
        assertThat(data).doesNotContainKeys("PORTAL_AWS_ENDPOINT", "PORTAL_EMULATOR_ENABLED", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY");
        assertThat(data.get("JAVA_OPTS")).contains("MaxRAMPercentage");

        Map<String, EnvVar> env = new HashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e));
        for (String secretVariable : List.of("PORTAL_OIDC_CLIENT_SECRET", "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET",
                "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET", "PORTAL_DB_USER", "PORTAL_DB_PASSWORD")) {
            assertThat(env).as("env").containsKey(secretVariable);
            assertThat(env.get(secretVariable).getValue()).as(secretVariable + " inline").isNull();
            assertThat(env.get(secretVariable).getValueFrom().getSecretKeyRef()).as(secretVariable).isNotNull();
            assertThat(data).as("a secret in the ConfigMap").doesNotContainKey(secretVariable);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyPortalVariableIsOneThePortalReads(Manifests set) {
        Set<String> known = PortalSettings.environmentVariables();
        List<String> set_ = new ArrayList<>(set.one(ConfigMap.class).getData().keySet());
        container(set.one(Deployment.class)).getEnv().forEach(e -> set_.add(e.getName()));
        assertThat(set_.stream().filter(name -> name.startsWith("PORTAL_")))
                .allSatisfy(name -> assertThat(PortalSettings.isKnown(name, known)).as(name + " among " + known).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void theSecretsTheDeploymentNeedsAreDocumented(Manifests set) {
        String operations = PortalSettings.read(Manifests.REPO.resolve("docs/operations.md"));
        for (EnvVar env : container(set.one(Deployment.class)).getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                assertThat(operations).as("docs/operations.md explains secret " + ref.getName())
                        .contains(ref.getName()).contains(ref.getKey());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static Container container(Deployment deployment) {
        List<Container> containers = podSpec(deployment).getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    static PodSpec podSpec(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }

    static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    static String irsaRoleArn(Manifests set) {
        return set.named(ServiceAccount.class, "mfa-portal").orElseThrow().getMetadata().getAnnotations().get(IRSA_ANNOTATION);
    }

    /** A label selector (matchLabels only: matchExpressions would need more than this test does) against labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).as("matchExpressions are not used here").isNullOrEmpty();
        return selects(selector.getMatchLabels(), labels);
    }

    static boolean selects(Map<String, String> matchLabels, Map<String, String> labels) {
        return matchLabels != null && !matchLabels.isEmpty() && labels.entrySet().containsAll(matchLabels.entrySet());
    }

    /** The container port a probe, Service or policy port means (by name or by number). */
    static Integer containerPort(Container container, IntOrString port) {
        return container.getPorts().stream()
                .filter(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName())
                        : port.getIntVal().equals(p.getContainerPort()))
                .map(ContainerPort::getContainerPort)
                .findFirst().orElse(null);
    }

    private static void assertProbe(Container container, Probe probe, String path) {
        assertThat(probe).as(path + " probe").isNotNull();
        assertThat(probe.getHttpGet()).as(path + " is an HTTP probe").isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path).isIn(HEALTH_PATHS);
        assertThat(containerPort(container, probe.getHttpGet().getPort())).isEqualTo(MANAGEMENT_PORT);
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }
}

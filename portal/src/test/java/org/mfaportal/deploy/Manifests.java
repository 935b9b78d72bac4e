package org.mfaportal.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mfaportal.testing.Repository;
import org.mfaportal.testing.Subprocess;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The Kubernetes objects of one kustomization, as fabric8 models. Two ways to get them: {@link #render} runs
 * the real kustomize ({@code kubectl kustomize} or {@code kustomize build}) when one is installed;
 * {@link #readBase} follows a kustomization's {@code resources} and {@code namespace} itself, which is exact for
 * a kustomization without patches or generators (the base) and needs no tool.
 */
record Manifests(String source, List<HasMetadata> objects, List<String> unknownFields) {

    static final Path REPO = Repository.root();
    static final Path K8S = REPO.resolve("k8s");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The one model class per kind and apiVersion the manifests may use; anything else fails the tests. */
    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    @Override
    public String toString() {
        return source;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError(source + ": expected exactly one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    /** Reads a kustomization without running kustomize: its resources (files or folders), then its namespace. */
    static Manifests readBase(Path kustomizationDir) {
        List<JsonNode> documents = new ArrayList<>();
        collect(kustomizationDir, documents);
        return fromDocuments("own reader: " + REPO.relativize(kustomizationDir), documents);
    }

    private static void collect(Path dir, List<JsonNode> documents) {
        JsonNode kustomization = readYaml(dir.resolve("kustomization.yaml")).get(0);
        for (String field : List.of("patches", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator",
                "secretGenerator", "images", "replicas", "commonLabels", "labels", "namePrefix", "nameSuffix",
                "components")) {
            if (kustomization.has(field)) {
                throw new IllegalStateException(dir + ": the own reader does not apply '" + field + "'; render with kustomize");
            }
        }
        String namespace = kustomization.path("namespace").asText(null);
        List<JsonNode> own = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                collect(path, own);
            } else {
                own.addAll(readYaml(path));
            }
        }
        if (namespace != null) {
            for (JsonNode document : own) {
                if (!"Namespace".equals(document.path("kind").asText())) {
                    ((ObjectNode) document.path("metadata")).put("namespace", namespace);
                }
            }
        }
        documents.addAll(own);
    }

    /** The kustomize tool on this machine, if any: {@code kubectl kustomize} or {@code kustomize build}. */
    static Optional<List<String>> kustomizeCommand() {
        if (runs(List.of("kubectl", "version", "--client"))) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        if (runs(List.of("kustomize", "version"))) {
            return Optional.of(List.of("kustomize", "build"));
        }
        return Optional.empty();
    }

    /** Runs the real kustomize on a kustomization folder; fails when kustomize rejects it. */
    static Manifests render(List<String> kustomize, Path kustomizationDir) {
        List<String> command = new ArrayList<>(kustomize);
        command.add(kustomizationDir.toString());
        Subprocess process = Subprocess.of(command).errorsApart().run(Duration.ofSeconds(60));
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + process.errors());
        }
        return fromDocuments(String.join(" ", kustomize) + " " + REPO.relativize(kustomizationDir),
                parseYaml(process.output()));
    }

    /** Every YAML document in a file. */
    static List<JsonNode> readYaml(Path file) {
        try {
            return parseYaml(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static List<JsonNode> parseYaml(String text) {
        try (var parser = new YAMLFactory().createParser(text)) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream()
                    .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model class for a document's apiVersion and kind. */
    static Class<? extends HasMetadata> modelOf(JsonNode document) {
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<? extends HasMetadata> type = MODELS.get(key);
        if (type == null) {
            throw new AssertionError("no model for " + key + " (add it to Manifests.MODELS if it is meant to be there)");
        }
        return type;
    }

    static <T> T toModel(JsonNode document, Class<T> type) {
        return YAML.convertValue(document, type);
    }

    private static Manifests fromDocuments(String source, List<JsonNode> documents) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode document : documents) {
            HasMetadata object = toModel(document, modelOf(document));
            objects.add(object);
            unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown);
        }
        return new Manifests(source, List.copyOf(objects), List.copyOf(unknown));
    }

    /**
     * Fields the model does not know land in fabric8's {@code additionalProperties}: a misspelt field
     * ({@code readinesProbe}) or one at the wrong level. Walks the whole object and names every such field.
     */
    static void unknownFields(Object node, String path, List<String> found) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, found));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> found.add(path + "." + key));
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(value, path + "." + field, found);
            }
        }
    }

    private static boolean runs(List<String> command) {
        try {
            return Subprocess.of(command).run(Duration.ofSeconds(30)).exitValue() == 0;
        } catch (UncheckedIOException notInstalled) {
            return false;
        }
    }

}

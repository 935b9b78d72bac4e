package org.mfaportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ServiceAccount;

import org.mfaportal.identity.IdentityConfig;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM kit in k8s/iam against the code: the portal's role allows exactly the IAM and STS actions the
 * {@code aws} package calls with the portal's own credentials, scoped to the managed path; the documents are
 * valid policies; the CloudFormation template says the same as the JSON files.
 */
class IamPolicyTest {

    static final Path IAM_KIT = Manifests.K8S.resolve("iam");
    static final Path AWS_PACKAGE = Manifests.REPO.resolve("portal/src/main/java/org/mfaportal/aws");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Calls signed with the engineer's own short-lived key, not the portal's role: the role needs no right to them. */
    static final Set<String> SIGNED_BY_ENGINEER_KEY = Set.of("sts:GetSessionToken", "sts:AssumeRole");

    /** Actions IAM does not scope to a resource: they need "*". */
    static final Set<String> UNSCOPED = Set.of("iam:ListUsers", "iam:ListVirtualMFADevices", "sts:GetCallerIdentity");

    private static final Pattern LABELLED_CALL = Pattern.compile("calls\\.(?:call|run)\\(\\s*\"(\\w+)\"");
    private static final Pattern SERVICE = Pattern.compile("new AwsCalls\\(\"(\\w+)\"");

    // ------------------------------------------------------------------ what the code calls

    @Test
    void everySdkCallIsRecordedUnderItsOwnActionName() {
        // The gateways label each call for metrics ("portal.aws.calls", tag action); the labels and the SDK
        // operations invoked must be the same set, or the policy derived from the labels would be wrong.
        assertThat(labelledActions()).isEqualTo(sdkActions());
    }

    @Test
    void portalPolicyAllowsExactlyTheActionsThePortalSigns() {
        Set<String> needed = new TreeSet<>(sdkActions());
        needed.removeAll(signedByEngineerKey());
        // CreateVirtualMFADevice with Tags also needs iam:TagMFADevice.
        if (source("IamGateway.java").contains(".tags(")) {
            needed.add("iam:TagMFADevice");
        }
        assertThat(allowedActions(policy("portal-role-policy.json"))).isEqualTo(needed);
    }

    @Test
    void getSessionTokenAndAssumeRoleAreSignedWithTheEngineersKey() {
        assertThat(signedByEngineerKey()).isEqualTo(SIGNED_BY_ENGINEER_KEY);
        assertThat(allowedActions(policy("portal-role-policy.json"))).doesNotContainAnyElementsOf(SIGNED_BY_ENGINEER_KEY);
    }

    @Test
    void onlyTheAwsPackageCallsIamOrSts() throws IOException {
        try (Stream<Path> files = Files.walk(Manifests.REPO.resolve("portal/src/main/java"))) {
            List<Path> importing = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> PortalSettings.read(p).matches("(?s).*import software\\.amazon\\.awssdk\\.services\\.(iam|sts)\\..*"))
                    .toList();
            assertThat(importing).allSatisfy(p -> assertThat(p.getParent().getFileName().toString()).isIn("aws", "emulator"));
        }
    }

    // ------------------------------------------------------------------ the portal's role

    @Test
    void portalPolicyIsScopedToTheManagedPath() {
        String path = PortalSettings.defaultOf(IdentityConfig.class, "managedPath");
        assertThat(path).startsWith("/").endsWith("/").isNotEqualTo("/");
        Set<String> scoped = Set.of("arn:aws:iam::ACCOUNT_ID:user" + path + "*", "arn:aws:iam::ACCOUNT_ID:mfa" + path + "*");
        for (JsonNode statement : policy("portal-role-policy.json").path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.has("NotAction")).isFalse();
            assertThat(statement.has("NotResource")).isFalse();
            List<String> actions = strings(statement.path("Action"));
            assertThat(actions).as("no wildcards in actions").noneMatch(a -> a.contains("*"));
            for (String resource : strings(statement.path("Resource"))) {
                if (resource.equals("*")) {
                    assertThat(actions).as("only unscoped actions on *").isSubsetOf(UNSCOPED);
                } else {
                    assertThat(resource).isIn(scoped);
                    assertThat(actions).noneMatch(UNSCOPED::contains);
                }
            }
        }
        assertThat(allowedActions(policy("portal-role-policy.json")).stream().filter(a -> a.contains("MFADevice")
                && !a.startsWith("iam:List") && !a.equals("iam:EnableMFADevice") && !a.equals("iam:ResyncMFADevice")
                && !a.equals("iam:DeactivateMFADevice")))
                .as("device actions are scoped to mfa" + path)
                .allSatisfy(a -> assertThat(resourcesOf(policy("portal-role-policy.json"), a))
                        .containsExactly("arn:aws:iam::ACCOUNT_ID:mfa" + path + "*"));
    }

    @Test
    void trustPolicyLetsOnlyThePortalsServiceAccountIn() {
        JsonNode trust = policy("portal-role-trust-policy.json");
        ServiceAccount account = Manifests.readBase(KubernetesManifestsTest.BASE).named(ServiceAccount.class, "mfa-portal")
                .orElseThrow();
        String subject = "system:serviceaccount:" + account.getMetadata().getNamespace() + ":" + account.getMetadata().getName();
        assertThat(trust.path("Statement")).singleElement().satisfies(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.path("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
            assertThat(statement.path("Principal").path("Federated").asText())
                    .isEqualTo("arn:aws:iam::ACCOUNT_ID:oidc-provider/OIDC_PROVIDER");
            JsonNode equals = statement.path("Condition").path("StringEquals");
            assertThat(equals.path("OIDC_PROVIDER:sub").asText()).isEqualTo(subject);
            assertThat(equals.path("OIDC_PROVIDER:aud").asText()).isEqualTo("sts.amazonaws.com");
        });
    }

    // ------------------------------------------------------------------ the engineers' side

    @Test
    void engineersCanDoNothingButFetchAnMfaSessionWithoutMfa() {
        JsonNode policy = policy("engineer-mfa-required-policy.json");
        Set<String> withoutMfa = Set.of("iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken");
        assertThat(allowedActions(policy)).isEqualTo(withoutMfa);
        JsonNode deny = statement(policy, "DenyEverythingElseWithoutMfa");
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(new TreeSet<>(strings(deny.path("NotAction")))).isEqualTo(withoutMfa);
        assertThat(deny.path("Resource").asText()).isEqualTo("*");
        assertThat(deny.path("Condition").path("BoolIfExists").path("aws:MultiFactorAuthPresent").asText()).isEqualTo("false");
        String path = PortalSettings.defaultOf(IdentityConfig.class, "managedPath");
        assertThat(resourcesOf(policy, "iam:GetUser")).containsExactly("arn:aws:iam::ACCOUNT_ID:user" + path + "${aws:username}");
    }

    @Test
    void revocationPolicyDeniesSessionsIssuedBeforeTheCutOff() {
        JsonNode statement = policy("revoke-sessions-policy.json").path("Statement").get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
        assertThat(statement.path("Action").asText()).isEqualTo("*");
        assertThat(statement.path("Condition").path("DateLessThan").path("aws:TokenIssueTime").asText()).isEqualTo("REVOKE_BEFORE");
    }

    // ------------------------------------------------------------------ the documents

    @Test
    void everyPolicyDocumentIsValidJsonWithTheCurrentVersion() throws IOException {
        List<Path> documents;
        try (Stream<Path> files = Files.list(IAM_KIT)) {
            documents = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(documents).extracting(p -> p.getFileName().toString()).contains("portal-role-policy.json",
                "portal-role-trust-policy.json", "engineer-mfa-required-policy.json", "revoke-sessions-policy.json");
        for (Path document : documents) {
            JsonNode policy = JSON.readTree(document.toFile());
            assertThat(policy.path("Version").asText()).as(document.toString()).isEqualTo("2012-10-17");
            assertThat(policy.path("Statement").isArray()).isTrue();
            Set<String> sids = new TreeSet<>();
            for (JsonNode statement : policy.path("Statement")) {
                assertThat(statement.path("Effect").asText()).isIn("Allow", "Deny");
                assertThat(statement.has("Action") ^ statement.has("NotAction")).as("Action or NotAction").isTrue();
                assertThat(statement.has("Resource") || statement.has("Principal")).as("Resource or Principal").isTrue();
                assertThat(sids.add(statement.path("Sid").asText())).as("unique Sid").isTrue();
                assertThat(statement.path("Sid").asText()).matches("[A-Za-z0-9]+");
            }
        }
    }

    @Test
    void cloudFormationTemplateSaysWhatTheJsonFilesSay() {
        JsonNode template = Manifests.readYaml(IAM_KIT.resolve("mfa-portal-iam.cloudformation.yaml")).get(0);
        JsonNode resources = template.path("Resources");

        JsonNode role = resources.path("PortalRole").path("Properties");
        assertThat(resources.path("PortalRole").path("Type").asText()).isEqualTo("AWS::IAM::Role");
        assertThat(actionsBySid(role.path("Policies").get(0).path("PolicyDocument")))
                .isEqualTo(actionsBySid(policy("portal-role-policy.json")));

        JsonNode trust = parse(role.path("AssumeRolePolicyDocument").path("Fn::Sub").asText());
        assertThat(actionsBySid(trust)).isEqualTo(actionsBySid(policy("portal-role-trust-policy.json")));
        assertThat(trust.path("Statement").get(0).path("Condition").path("StringEquals").path("${EksOidcProvider}:sub").asText())
                .isEqualTo("system:serviceaccount:${Namespace}:${ServiceAccount}");
        assertThat(template.path("Parameters").path("Namespace").path("Default").asText()).isEqualTo("mfa-portal");
        assertThat(template.path("Parameters").path("ServiceAccount").path("Default").asText()).isEqualTo("mfa-portal");
        assertThat("/" + template.path("Parameters").path("ManagedPath").path("Default").asText() + "/")
                .isEqualTo(PortalSettings.defaultOf(IdentityConfig.class, "managedPath"));

        JsonNode engineer = resources.path("EngineerMfaRequiredPolicy");
        assertThat(engineer.path("Type").asText()).isEqualTo("AWS::IAM::ManagedPolicy");
        assertThat(actionsBySid(engineer.path("Properties").path("PolicyDocument")))
                .isEqualTo(actionsBySid(policy("engineer-mfa-required-policy.json")));
        assertThat(resources.path("EngineersGroup").path("Properties").path("ManagedPolicyArns").get(0).path("Ref").asText())
                .isEqualTo("EngineerMfaRequiredPolicy");
    }

    // ------------------------------------------------------------------ reading the code

    /** "iam:Action" for every action label passed to AwsCalls in the aws package. */
    static Set<String> labelledActions() {
        Set<String> actions = new TreeSet<>();
        for (Path file : awsSources()) {
            String text = PortalSettings.read(file);
            Matcher service = SERVICE.matcher(text);
            Matcher label = LABELLED_CALL.matcher(text);
            if (service.find()) {
                while (label.find()) {
                    actions.add(service.group(1) + ":" + label.group(1));
                }
            } else {
                assertThat(label.find()).as(file + " labels calls without an AwsCalls of its own").isFalse();
            }
        }
        return actions;
    }

    /** Every IAM and STS operation the aws package invokes on an SDK client, as "iam:Action". */
    static Set<String> sdkActions() {
        Set<String> actions = new TreeSet<>();
        String code = awsSources().stream().map(PortalSettings::read).reduce("", String::concat);
        addInvoked(IamClient.class, "iam", code, actions);
        addInvoked(StsClient.class, "sts", code, actions);
        return actions;
    }

    private static void addInvoked(Class<?> client, String service, String code, Set<String> actions) {
        Set<String> notOperations = Set.of("create", "builder", "close", "serviceName", "serviceClientConfiguration",
                "waiter", "utilities");
        for (Method method : client.getMethods()) {
            String name = method.getName();
            if (notOperations.contains(name) || method.getDeclaringClass() != client) {
                continue;
            }
            if (Pattern.compile("\\." + Pattern.quote(name) + "\\(").matcher(code).find()) {
                String operation = name.endsWith("Paginator") ? name.substring(0, name.length() - "Paginator".length()) : name;
                actions.add(service + ":" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1));
            }
        }
    }

    /** STS actions whose every labelled call sets the engineer's key as the request's credentials, unconditionally. */
    static Set<String> signedByEngineerKey() {
        String sts = source("StsGateway.java");
        Map<String, List<String>> bodies = new LinkedHashMap<>();
        Matcher label = LABELLED_CALL.matcher(sts);
        while (label.find()) {
            bodies.computeIfAbsent("sts:" + label.group(1), k -> new ArrayList<>()).add(callBody(sts, label.start()));
        }
        Set<String> signed = new TreeSet<>();
        bodies.forEach((action, calls) -> {
            if (calls.stream().allMatch(b -> b.contains("o.credentialsProvider(signer)") && !b.contains("signer != null"))) {
                signed.add(action);
            }
        });
        return signed;
    }

    /** The text of a call from its start to its matching closing parenthesis. */
    private static String callBody(String text, int start) {
        int open = text.indexOf('(', start);
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced call at " + start);
    }

    private static List<Path> awsSources() {
        try (Stream<Path> files = Files.list(AWS_PACKAGE)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String source(String file) {
        return PortalSettings.read(AWS_PACKAGE.resolve(file));
    }

    // ------------------------------------------------------------------ reading policies

    static JsonNode policy(String file) {
        return parse(PortalSettings.read(IAM_KIT.resolve(file)));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static Set<String> allowedActions(JsonNode policy) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Effect").asText().equals("Allow")) {
                actions.addAll(strings(statement.path("Action")));
            }
        }
        return actions;
    }

    static List<String> resourcesOf(JsonNode policy, String action) {
        List<String> resources = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (strings(statement.path("Action")).contains(action)) {
                resources.addAll(strings(statement.path("Resource")));
            }
        }
        return resources;
    }

    static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid);
    }

    static Map<String, Set<String>> actionsBySid(JsonNode policy) {
        Map<String, Set<String>> bySid = new LinkedHashMap<>();
        for (JsonNode statement : policy.path("Statement")) {
            Set<String> actions = new TreeSet<>(strings(statement.path("Action")));
            actions.addAll(strings(statement.path("NotAction")).stream().map(a -> "not " + a).toList());
            bySid.put(statement.path("Sid").asText() + "/" + statement.path("Effect").asText(), actions);
        }
        return bySid;
    }

    static List<String> strings(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> values = new ArrayList<>();
        node.forEach(n -> values.add(n.asText()));
        return values;
    }
}

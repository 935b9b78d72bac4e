package org.mfaportal.emulator;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one piece of IAM policy evaluation the emulator models: explicit {@code Deny} statements in a user's inline
 * policies, either unconditional or conditioned on {@code DateLessThan aws:TokenIssueTime} (the "revoke active
 * sessions" policy). Statements with any other condition are ignored, and {@code Allow} is never evaluated.
 */
final class DenyPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DenyPolicies() {
    }

    /**
     * Parses a policy document well enough to reject what IAM rejects as malformed.
     *
     * @throws AwsError {@code MalformedPolicyDocument} when it is not a JSON object with a {@code Statement}
     */
    static JsonNode parse(String document) {
        try {
            JsonNode node = JSON.readTree(document);
            if (node == null || !node.isObject() || !node.has("Statement")) {
                throw malformed();
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed();
        }
    }

    private static AwsError malformed() {
        return AwsError.sender("MalformedPolicyDocument", 400, "Syntax errors in policy.");
    }

    /**
     * Whether any of the documents explicitly denies {@code action} (e.g. {@code sts:AssumeRole}) to a request made
     * with credentials issued at {@code tokenIssueTime} ({@code null} for long-term keys).
     */
    static boolean denies(Collection<String> documents, String action, Instant tokenIssueTime) {
        for (String document : documents) {
            JsonNode statements = parse(document).get("Statement");
            for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
                if ("Deny".equals(statement.path("Effect").asText()) && matchesAction(statement.get("Action"), action)
                        && conditionHolds(statement.get("Condition"), tokenIssueTime)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesAction(JsonNode actions, String action) {
        if (actions == null) {
            return false;
        }
        List<String> patterns = new ArrayList<>();
        if (actions.isArray()) {
            actions.forEach(a -> patterns.add(a.asText()));
        } else {
            patterns.add(actions.asText());
        }
        for (String pattern : patterns) {
            String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if (Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionHolds(JsonNode condition, Instant tokenIssueTime) {
        if (condition == null || condition.isEmpty()) {
            return true;
        }
        if (condition.size() != 1 || !condition.has("DateLessThan")) {
            return false;
        }
        JsonNode dateLessThan = condition.get("DateLessThan");
        JsonNode limit = dateLessThan.get("aws:TokenIssueTime");
        if (dateLessThan.size() != 1 || limit == null || tokenIssueTime == null) {
            return false;
        }
        try {
            return tokenIssueTime.isBefore(Instant.parse(limit.asText()));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}

package dev.sluice.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where execution pods may run.
 *
 * @param runtimeClassName a RuntimeClass for every execution pod, e.g. {@code gvisor}; null for the
 *     cluster's default runtime
 * @param nodeSelector labels a node must carry
 * @param tolerations taints execution pods tolerate
 */
public record Placement(String runtimeClassName, Map<String, String> nodeSelector, List<Toleration> tolerations) {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    /** The cluster's default runtime, any node. */
    public static final Placement ANYWHERE = new Placement(null, Map.of(), List.of());

    public Placement {
        if (runtimeClassName != null && runtimeClassName.isBlank()) {
            runtimeClassName = null;
        }
        if (runtimeClassName != null
                && (runtimeClassName.length() > 253 || !DNS_SUBDOMAIN.matcher(runtimeClassName).matches())) {
            throw new KubernetesConfigException("runtimeClassName",
                    "'" + runtimeClassName + "' is not a RuntimeClass name (lowercase DNS subdomain)");
        }
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        nodeSelector.forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key).matches()) {
                throw new KubernetesConfigException("nodeSelector", "'" + key + "' is not a label key");
            }
            if (value == null || !LABEL_VALUE.matcher(value).matches()) {
                throw new KubernetesConfigException("nodeSelector", "'" + value + "' is not a label value (for " + key + ")");
            }
        });
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }

    /** Reads {@code key=value,key2=value2} (the CLI's notation); blank means no selector. */
    public static Map<String, String> parseNodeSelector(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new KubernetesConfigException("nodeSelector", "'" + pair.strip() + "' is not key=value");
            }
            result.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return result;
    }
}

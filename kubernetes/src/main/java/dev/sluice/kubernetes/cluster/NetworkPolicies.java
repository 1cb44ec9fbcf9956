package dev.sluice.kubernetes.cluster;

import dev.sluice.kubernetes.pod.Labels;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default-deny NetworkPolicy for execution pods: it selects every pod labelled
 * {@code app.kubernetes.io/managed-by=sluice} and allows no ingress and no egress (not even DNS). It only has
 * an effect with a network plugin that enforces NetworkPolicy (Calico, Cilium, ...); the API cannot tell.
 */
public final class NetworkPolicies {
    public static final String NAME = "sluice-runs-deny-all";

    private NetworkPolicies() {}

    public static NetworkPolicy denyAll(String namespace) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(NAME)
                    .withNamespace(namespace)
                    .withLabels(Map.of("app.kubernetes.io/part-of", "sluice"))
                .endMetadata()
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGER)).endPodSelector()
                    .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /** What keeps {@code existing} from being the default-deny policy, or empty when it is one. */
    public static Optional<String> problem(NetworkPolicy existing) {
        if (existing == null) {
            return Optional.of("NetworkPolicy " + NAME + " does not exist");
        }
        NetworkPolicySpec spec = existing.getSpec();
        if (spec == null) {
            return Optional.of("NetworkPolicy " + NAME + " has no spec");
        }
        LabelSelector selector = spec.getPodSelector();
        boolean selectsRuns = selector != null
                && Map.of(Labels.MANAGED_BY, Labels.MANAGER).equals(selector.getMatchLabels())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        if (!selectsRuns) {
            return Optional.of("NetworkPolicy " + NAME + " does not select exactly " + Labels.MANAGED_BY + "="
                    + Labels.MANAGER);
        }
        List<String> types = spec.getPolicyTypes() == null ? List.of() : spec.getPolicyTypes();
        if (!types.contains("Ingress") || !types.contains("Egress")) {
            return Optional.of("NetworkPolicy " + NAME + " does not cover both Ingress and Egress (has " + types + ")");
        }
        if ((spec.getIngress() != null && !spec.getIngress().isEmpty())
                || (spec.getEgress() != null && !spec.getEgress().isEmpty())) {
            return Optional.of("NetworkPolicy " + NAME + " allows some traffic; it must have no ingress or egress rules");
        }
        return Optional.empty();
    }
}

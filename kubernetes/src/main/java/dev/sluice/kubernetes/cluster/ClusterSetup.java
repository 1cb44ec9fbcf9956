package dev.sluice.kubernetes.cluster;

import dev.sluice.kubernetes.ClusterException;
import dev.sluice.kubernetes.SetupMode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the namespace to the state every run relies on, or refuses: it exists, enforces Pod Security
 * "restricted", and holds the default-deny NetworkPolicy for execution pods. In {@link SetupMode#ENSURE} it
 * labels the namespace and creates or repairs the policy; in {@link SetupMode#VERIFY} it only checks. Either
 * way it throws a {@link ClusterException} with the exact fix when the end state is not reached.
 */
public final class ClusterSetup {
    private static final Logger log = LoggerFactory.getLogger(ClusterSetup.class);

    private final KubernetesClient client;
    private final String namespace;
    private final SetupMode mode;

    public ClusterSetup(KubernetesClient client, String namespace, SetupMode mode) {
        this.client = client;
        this.namespace = namespace;
        this.mode = mode;
    }

    public void apply() {
        Namespace ns = namespace();
        podSecurity(ns);
        networkPolicy();
    }

    private Namespace namespace() {
        Namespace ns;
        try {
            ns = client.namespaces().withName(namespace).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.translate("read namespace " + namespace, e, client.getMasterUrl());
        }
        if (ns == null) {
            throw new ClusterException("namespace " + namespace + " does not exist",
                    "kubectl create namespace " + namespace + " && " + PodSecurity.labelFix(namespace)
                            + " (or apply deploy/kubernetes/)", null);
        }
        return ns;
    }

    private void podSecurity(Namespace ns) {
        Optional<String> problem = PodSecurity.problem(ns);
        if (problem.isEmpty()) {
            return;
        }
        if (mode == SetupMode.VERIFY) {
            throw new ClusterException(problem.get(), PodSecurity.labelFix(namespace), null);
        }
        try {
            client.namespaces().withName(namespace).edit(n -> new NamespaceBuilder(n).editMetadata()
                    .addToLabels(PodSecurity.ENFORCE, PodSecurity.RESTRICTED).endMetadata().build());
            log.info("labelled namespace {} {}={}", namespace, PodSecurity.ENFORCE, PodSecurity.RESTRICTED);
        } catch (KubernetesClientException e) {
            if (ApiErrors.forbidden(e)) {
                throw new ClusterException(problem.get() + ", and Sluice may not label it",
                        PodSecurity.labelFix(namespace) + " (or grant patch on namespaces)", e);
            }
            throw ApiErrors.translate("label namespace " + namespace, e, client.getMasterUrl());
        }
    }

    private void networkPolicy() {
        NetworkPolicy existing;
        try {
            existing = client.network().v1().networkPolicies().inNamespace(namespace)
                    .withName(NetworkPolicies.NAME).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.translate("read NetworkPolicy " + NetworkPolicies.NAME + " in " + namespace, e,
                    client.getMasterUrl());
        }
        Optional<String> problem = NetworkPolicies.problem(existing);
        if (problem.isEmpty()) {
            return;
        }
        String fix = "kubectl apply -n " + namespace + " -f deploy/kubernetes/networkpolicy.yaml";
        if (mode == SetupMode.VERIFY) {
            throw new ClusterException(problem.get() + " in namespace " + namespace, fix, null);
        }
        try {
            NetworkPolicy wanted = NetworkPolicies.denyAll(namespace);
            if (existing == null) {
                client.network().v1().networkPolicies().inNamespace(namespace).resource(wanted).create();
            } else {
                wanted.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                client.network().v1().networkPolicies().inNamespace(namespace).resource(wanted).update();
            }
            log.info("{} NetworkPolicy {} in {}: execution pods get no network", existing == null ? "created" : "repaired",
                    NetworkPolicies.NAME, namespace);
        } catch (KubernetesClientException e) {
            if (ApiErrors.forbidden(e)) {
                throw new ClusterException(problem.get() + " in namespace " + namespace + ", and Sluice may not "
                        + (existing == null ? "create" : "update") + " it", fix, e);
            }
            throw ApiErrors.translate("write NetworkPolicy " + NetworkPolicies.NAME, e, client.getMasterUrl());
        }
    }
}

package dev.sluice.kubernetes.cluster;

import dev.sluice.sandbox.Preflight;
import dev.sluice.sandbox.Preflight.Check;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the cluster is ready for runs, one check per piece, each with the exact fix: the API answers, the
 * namespace exists and enforces Pod Security "restricted", the default-deny NetworkPolicy is in place, and
 * Sluice's identity may do everything a run and the reconciler do (asked with SelfSubjectAccessReview,
 * which every authenticated identity may create). Read-only: it changes nothing.
 */
public final class ClusterPreflight {

    /** One thing Sluice does through the API; {@code named} when the Role may restrict it to the namespace itself. */
    public record Permission(String group, String resource, String subresource, String verb, boolean named) {
        Permission(String group, String resource, String subresource, String verb) {
            this(group, resource, subresource, verb, false);
        }

        @Override
        public String toString() {
            return verb + " " + resource + (subresource == null ? "" : "/" + subresource);
        }
    }

    /** What runs and the reconciler need in the execution namespace (setup's extra verbs are checked when used). */
    public static final List<Permission> NEEDED = List.of(
            new Permission("", "pods", null, "create"),
            new Permission("", "pods", null, "get"),
            new Permission("", "pods", null, "list"),
            new Permission("", "pods", null, "watch"),
            new Permission("", "pods", null, "delete"),
            new Permission("", "pods", "log", "get"),
            new Permission("", "configmaps", null, "create"),
            new Permission("", "configmaps", null, "get"),
            new Permission("", "configmaps", null, "list"),
            new Permission("", "configmaps", null, "patch"),
            new Permission("", "configmaps", null, "delete"),
            new Permission("networking.k8s.io", "networkpolicies", null, "get"),
            new Permission("", "namespaces", null, "get", true));

    private final KubernetesClient client;
    private final String namespace;

    public ClusterPreflight(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public Preflight check() {
        List<Check> checks = new ArrayList<>();
        Check api = api();
        checks.add(api);
        if (!api.ok()) {
            for (String name : List.of("namespace", "pod security", "network policy", "permissions")) {
                checks.add(new Check(name, false, "not checked: the Kubernetes API is unreachable", api.fix()));
            }
            return new Preflight(checks);
        }
        Namespace ns = null;
        try {
            ns = client.namespaces().withName(namespace).get();
            checks.add(ns == null
                    ? new Check("namespace", false, "namespace " + namespace + " does not exist",
                            "kubectl create namespace " + namespace + " (or apply deploy/kubernetes/)")
                    : new Check("namespace", true, "namespace " + namespace + " exists", null));
        } catch (KubernetesClientException e) {
            checks.add(failed("namespace", "read namespace " + namespace, e));
        }
        if (ns == null) {
            checks.add(new Check("pod security", false, "not checked: no namespace", PodSecurity.labelFix(namespace)));
        } else {
            Optional<String> problem = PodSecurity.problem(ns);
            checks.add(new Check("pod security", problem.isEmpty(),
                    problem.orElse("namespace " + namespace + " enforces Pod Security restricted"),
                    problem.isEmpty() ? null : PodSecurity.labelFix(namespace)));
        }
        checks.add(networkPolicy());
        checks.add(permissions());
        return new Preflight(checks);
    }

    private Check api() {
        try {
            VersionInfo version = client.getKubernetesVersion();
            return new Check("kubernetes API", true, "reachable at " + client.getMasterUrl() + " (Kubernetes "
                    + version.getMajor() + "." + version.getMinor() + ")", null);
        } catch (KubernetesClientException e) {
            return failed("kubernetes API", "reach the API", e);
        }
    }

    private Check networkPolicy() {
        try {
            NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(namespace)
                    .withName(NetworkPolicies.NAME).get();
            Optional<String> problem = NetworkPolicies.problem(policy);
            return new Check("network policy", problem.isEmpty(),
                    problem.orElse(NetworkPolicies.NAME + " denies all traffic of execution pods (enforced only by a "
                            + "network plugin that supports NetworkPolicy)"),
                    problem.isEmpty() ? null : "kubectl apply -n " + namespace + " -f deploy/kubernetes/networkpolicy.yaml");
        } catch (KubernetesClientException e) {
            return failed("network policy", "read NetworkPolicy " + NetworkPolicies.NAME, e);
        }
    }

    private Check permissions() {
        List<Permission> missing = new ArrayList<>();
        try {
            for (Permission p : NEEDED) {
                if (!allowed(p)) {
                    missing.add(p);
                }
            }
        } catch (KubernetesClientException e) {
            return failed("permissions", "ask the API what Sluice may do (SelfSubjectAccessReview)", e);
        }
        if (missing.isEmpty()) {
            return new Check("permissions", true, "may " + NEEDED.size() + " of " + NEEDED.size()
                    + " needed actions in " + namespace, null);
        }
        return new Check("permissions", false, "may not " + String.join(", ", missing.stream()
                .map(Permission::toString).toList()) + " in namespace " + namespace, ApiErrors.RBAC_FIX);
    }

    private boolean allowed(Permission p) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                    .withNewResourceAttributes()
                        .withNamespace(namespace)
                        .withGroup(p.group())
                        .withResource(p.resource())
                        .withSubresource(p.subresource())
                        .withVerb(p.verb())
                        .withName(p.named() ? namespace : null)
                    .endResourceAttributes()
                .endSpec()
                .build();
        SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
        return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    }

    private Check failed(String name, String action, KubernetesClientException e) {
        var error = ApiErrors.translate(action, e, client.getMasterUrl());
        return new Check(name, false, error.getMessage(), error.fix().orElse(null));
    }
}

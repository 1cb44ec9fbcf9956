package dev.sluice.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubernetes.cluster.ClusterPreflight;
import dev.sluice.kubernetes.cluster.NetworkPolicies;
import dev.sluice.kubernetes.cluster.PodSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifests in deploy/kubernetes agree with the code: they parse into the Kubernetes model without
 * unknown fields, the policy is the one the runner verifies, the Role grants every permission the preflight
 * asks for, and Sluice's own pods pass Pod Security "restricted" (their namespace enforces it too).
 */
class DeployManifestsTest {
    private static final Path DIR = Path.of("..", "deploy", "kubernetes");

    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            Object parsed = Serialization.unmarshal(in);
            List<HasMetadata> items = new ArrayList<>();
            if (parsed instanceof List<?> list) {
                list.forEach(o -> items.add((HasMetadata) o));
            } else {
                items.add((HasMetadata) parsed);
            }
            items.forEach(DeployManifestsTest::noUnknownFields);
            return items;
        }
    }

    /** A typo in a field name parses into additionalProperties; there must be none anywhere. */
    private static void noUnknownFields(Object object) {
        walk(object, "");
    }

    private static void walk(Object node, String path) {
        if (node instanceof KubernetesResource resource) {
            try {
                var method = resource.getClass().getMethod("getAdditionalProperties");
                @SuppressWarnings("unchecked")
                Map<String, Object> extra = (Map<String, Object>) method.invoke(resource);
                assertThat(extra).as("unknown fields at %s (%s)", path, resource.getClass().getSimpleName()).isEmpty();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            for (var m : resource.getClass().getMethods()) {
                if (m.getName().startsWith("get") && m.getParameterCount() == 0
                        && !m.getName().equals("getAdditionalProperties") && !m.getName().equals("getClass")) {
                    try {
                        walk(m.invoke(resource), path + "." + m.getName().substring(3));
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]");
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k));
        }
    }

    private static <T> T only(List<HasMetadata> items, Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    @Test
    void theNetworkPolicyIsTheOneTheRunnerVerifies() throws IOException {
        NetworkPolicy policy = only(load("networkpolicy.yaml"), NetworkPolicy.class);
        assertThat(NetworkPolicies.problem(policy)).isEmpty();
        assertThat(policy.getMetadata().getName()).isEqualTo(NetworkPolicies.NAME);
        assertThat(policy.getMetadata().getNamespace()).as("applied with -n or by the kustomization").isNull();
        assertThat(Files.readString(DIR.resolve("kustomization.yaml"))).contains("value: sluice-runs");
    }

    @Test
    void bothNamespacesEnforceRestricted() throws IOException {
        List<HasMetadata> namespaces = load("namespaces.yaml");
        assertThat(namespaces).extracting(n -> n.getMetadata().getName()).containsExactly("sluice", "sluice-runs");
        assertThat(namespaces).allSatisfy(n -> assertThat(PodSecurity.problem((Namespace) n)).isEmpty());
    }

    @Test
    void theRoleGrantsEveryPermissionThePreflightAsksForAndNoMore() throws IOException {
        List<HasMetadata> rbac = load("rbac.yaml");
        Role role = only(rbac, Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("sluice-runs");
        for (ClusterPreflight.Permission p : ClusterPreflight.NEEDED) {
            String resource = p.resource() + (p.subresource() == null ? "" : "/" + p.subresource());
            assertThat(role.getRules()).as(p.toString()).anySatisfy(rule -> {
                assertThat(rule.getApiGroups()).contains(p.group());
                assertThat(rule.getResources()).contains(resource);
                assertThat(rule.getVerbs()).contains(p.verb());
            });
        }
        int granted = role.getRules().stream().mapToInt(r -> r.getResources().size() * r.getVerbs().size()).sum();
        assertThat(granted).isEqualTo(ClusterPreflight.NEEDED.size());
        PolicyRule namespaces = role.getRules().stream().filter(r -> r.getResources().contains("namespaces"))
                .findFirst().orElseThrow();
        assertThat(namespaces.getResourceNames()).containsExactly("sluice-runs");
        assertThat(role.getRules()).noneMatch(r -> r.getVerbs().contains("*") || r.getResources().contains("*"));

        RoleBinding binding = only(rbac, RoleBinding.class);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("sluice-runs");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("sluice-worker");
            assertThat(s.getNamespace()).isEqualTo("sluice");
        });
        ServiceAccount api = rbac.stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast)
                .filter(sa -> sa.getMetadata().getName().equals("sluice-api")).findFirst().orElseThrow();
        assertThat(api.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void apiAndWorkerPodsAreRestrictedAndProbedOnTheHealthEndpoints() throws IOException {
        for (String file : List.of("api.yaml", "worker.yaml")) {
            Deployment deployment = only(load(file), Deployment.class);
            Pod pod = new PodBuilder().withMetadata(deployment.getSpec().getTemplate().getMetadata())
                    .withSpec(deployment.getSpec().getTemplate().getSpec()).build();
            assertThat(RestrictedProfile.violations(pod)).as(file).isEmpty();
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());

            Container c = pod.getSpec().getContainers().getFirst();
            String role = file.startsWith("api") ? "api" : "worker";
            assertThat(c.getArgs()).containsSequence("serve", "--role", role).contains("--executor", "kubernetes")
                    .containsSequence("--bind", "0.0.0.0");
            assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
            assertThat(c.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("SLUICE_DB_URL");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sluice-db");
            });
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        }
        Deployment api = only(load("api.yaml"), Deployment.class);
        assertThat(api.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        Service service = only(load("api.yaml"), Service.class);
        assertThat(service.getSpec().getSelector()).isEqualTo(api.getSpec().getSelector().getMatchLabels());
        Deployment worker = only(load("worker.yaml"), Deployment.class);
        assertThat(worker.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("sluice-worker");
        assertThat(worker.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("SLUICE_K8S_NAMESPACE");
                    assertThat(e.getValue()).isEqualTo("sluice-runs");
                });
    }
}

package dev.sluice.kubernetes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the Kubernetes executor needs, validated here once; every message names the setting.
 *
 * <p>Suggested CLI mapping (the wiring is the server module's): {@code --executor kubernetes},
 * {@code --k8s-namespace} → {@link #namespace()}, {@code --k8s-kubeconfig FILE} / {@code --k8s-context} →
 * {@link ApiAccess.Kubeconfig} (absent: {@link ApiAccess.InCluster}), {@code --k8s-setup ensure|verify},
 * {@code --k8s-image python=IMAGE} (repeatable) → {@link #withImage}, {@code --k8s-runtime-class},
 * {@code --k8s-node-selector k=v,...} → {@link Placement#parseNodeSelector}, {@code --k8s-toleration
 * key=value:Effect} (repeatable) → {@link Toleration#parse}, {@code --k8s-pod-start-timeout},
 * {@code --k8s-api-timeout}.
 *
 * @param api how to reach the API
 * @param namespace where execution pods run; it must exist (Sluice never creates namespaces)
 * @param setup whether the Pod Security label and the NetworkPolicy are applied or only verified at start
 * @param runtimes the languages offered and their images
 * @param placement runtime class, node selector, tolerations
 * @param timing timeouts and the reconcile period
 */
public record KubernetesConfig(ApiAccess api, String namespace, SetupMode setup, List<RuntimeImage> runtimes,
        Placement placement, Timing timing) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public KubernetesConfig {
        if (api == null) {
            throw new KubernetesConfigException("api", "choose a kubeconfig file or in-cluster access");
        }
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new KubernetesConfigException("namespace",
                    "'" + namespace + "' is not a namespace name (lowercase letters, digits and '-', at most 63)");
        }
        Objects.requireNonNull(setup, "setup");
        if (runtimes == null || runtimes.isEmpty()) {
            throw new KubernetesConfigException("runtimes", "at least one language is needed");
        }
        runtimes = List.copyOf(runtimes);
        Set<String> seen = new HashSet<>();
        Set<String> defaults = new HashSet<>();
        for (RuntimeImage r : runtimes) {
            if (!seen.add(r.language() + " " + r.version())) {
                throw new KubernetesConfigException("runtimes", r.language() + " " + r.version() + " is listed twice");
            }
            if (r.isDefault() && !defaults.add(r.language())) {
                throw new KubernetesConfigException("runtimes", r.language() + " has more than one default version");
            }
        }
        placement = placement == null ? Placement.ANYWHERE : placement;
        timing = timing == null ? Timing.DEFAULTS : timing;
    }

    /** The default images, no placement constraints, default timing, {@link SetupMode#ENSURE}. */
    public static KubernetesConfig defaults(ApiAccess api, String namespace) {
        return new KubernetesConfig(api, namespace, SetupMode.ENSURE, RuntimeImage.DEFAULTS, Placement.ANYWHERE,
                Timing.DEFAULTS);
    }

    public KubernetesConfig withSetup(SetupMode newSetup) {
        return new KubernetesConfig(api, namespace, newSetup, runtimes, placement, timing);
    }

    public KubernetesConfig withRuntimes(List<RuntimeImage> newRuntimes) {
        return new KubernetesConfig(api, namespace, setup, newRuntimes, placement, timing);
    }

    public KubernetesConfig withPlacement(Placement newPlacement) {
        return new KubernetesConfig(api, namespace, setup, runtimes, newPlacement, timing);
    }

    public KubernetesConfig withTiming(Timing newTiming) {
        return new KubernetesConfig(api, namespace, setup, runtimes, placement, newTiming);
    }

    /** Replaces the image of every version of {@code language}. */
    public KubernetesConfig withImage(String language, String image) {
        if (runtimes.stream().noneMatch(r -> r.language().equals(language))) {
            throw new KubernetesConfigException("image", "no runtime '" + language + "' to set an image for; known: "
                    + runtimes.stream().map(RuntimeImage::language).distinct().toList());
        }
        List<RuntimeImage> updated = new ArrayList<>();
        for (RuntimeImage r : runtimes) {
            updated.add(r.language().equals(language) ? r.withImage(image) : r);
        }
        return withRuntimes(updated);
    }

    /** The runtime for a language and version (null: the language's default), if offered. */
    public Optional<RuntimeImage> runtime(String language, String version) {
        List<RuntimeImage> ofLanguage = runtimes.stream().filter(r -> r.language().equals(language)).toList();
        if (version != null) {
            return ofLanguage.stream().filter(r -> r.version().equals(version)).findFirst();
        }
        return ofLanguage.stream().filter(RuntimeImage::isDefault).findFirst().or(() -> ofLanguage.stream().findFirst());
    }
}

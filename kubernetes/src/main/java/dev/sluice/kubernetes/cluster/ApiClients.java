package dev.sluice.kubernetes.cluster;

import dev.sluice.kubernetes.ApiAccess;
import dev.sluice.kubernetes.KubernetesConfigException;
import dev.sluice.kubernetes.Timing;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the API client from {@link ApiAccess}, explicitly: a kubeconfig is read from the given file only,
 * in-cluster access reads the pod's service account only, and no system property or ambient
 * {@code ~/.kube/config} changes what happens. The client retries a failed request at most twice and
 * gives up after {@link Timing#api()}, so nothing waits on the API for long.
 */
public final class ApiClients {
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private ApiClients() {}

    public static KubernetesClient build(ApiAccess access, String namespace, Timing timing) {
        ConfigBuilder base = switch (access) {
            case ApiAccess.Kubeconfig k -> kubeconfig(k);
            case ApiAccess.InCluster ignored -> inCluster(System.getenv(), SERVICE_ACCOUNT);
        };
        return new KubernetesClientBuilder().withConfig(tune(base, namespace, timing).build()).build();
    }

    /** The timeouts and retry limits Sluice uses with any base configuration (tests use it too). */
    public static ConfigBuilder tune(ConfigBuilder base, String namespace, Timing timing) {
        int apiMillis = (int) timing.api().toMillis();
        return base.withNamespace(namespace)
                .withRequestTimeout(apiMillis)
                .withConnectionTimeout(Math.min(apiMillis, 10_000))
                .withRequestRetryBackoffLimit(2)
                .withRequestRetryBackoffInterval(200)
                .withWatchReconnectInterval(500)
                .withWatchReconnectLimit(-1);
    }

    private static ConfigBuilder kubeconfig(ApiAccess.Kubeconfig access) {
        Path file = access.file();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new KubernetesConfigException("kubeconfig", file + " is not a readable file");
        }
        String which = file + (access.context() == null ? "" : " (context " + access.context() + ")");
        Config config;
        try {
            config = Config.fromKubeconfig(access.context(), file.toFile());
        } catch (KubernetesClientException | IllegalArgumentException | UncheckedIOException e) {
            throw new KubernetesConfigException("kubeconfig", "cannot use " + which + ": " + ApiErrors.rootMessage(e));
        }
        // fabric8 quietly falls back when the context is missing; a wrong cluster is worse than an error
        boolean contextFound = access.context() == null || (config.getCurrentContext() != null
                && access.context().equals(config.getCurrentContext().getName()));
        if (!contextFound) {
            throw new KubernetesConfigException("kubeconfig", "cannot use " + which + ": it has no context "
                    + access.context());
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new KubernetesConfigException("kubeconfig", "cannot use " + which + ": it names no API server");
        }
        return new ConfigBuilder(config);
    }

    static ConfigBuilder inCluster(Map<String, String> env, Path serviceAccount) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        Path token = serviceAccount.resolve("token");
        Path ca = serviceAccount.resolve("ca.crt");
        if (host == null || host.isBlank() || !Files.isReadable(token)) {
            throw new KubernetesConfigException("api", "in-cluster access needs to run in a pod with a service account "
                    + "(KUBERNETES_SERVICE_HOST and " + token + "); outside a cluster give a kubeconfig file");
        }
        String hostInUrl = host.contains(":") ? "[" + host + "]" : host;
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://" + hostInUrl + ":" + port)
                .withOauthTokenProvider(new TokenFile(token));
        return Files.isReadable(ca) ? builder.withCaCertFile(ca.toString()) : builder;
    }

    /** Reads the projected service account token on every request: the kubelet rotates it. */
    private record TokenFile(Path path) implements OAuthTokenProvider {
        @Override
        public String getToken() {
            try {
                return Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the service account token " + path, e);
            }
        }
    }
}

package dev.sluice.kubernetes.cluster;

import dev.sluice.kubernetes.ClusterException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URL;

/**
 * Turns a failed API call into a {@link ClusterException} that says what failed and what to do. Classified by
 * HTTP status, never by message text: 0/-1 (no response) and 502-504 mean the API is unreachable; 401 bad
 * credentials; 403 a missing permission.
 */
public final class ApiErrors {
    public static final String RBAC_FIX =
            "grant it to Sluice's service account in that namespace (kubectl apply -f deploy/kubernetes/rbac.yaml)";

    private ApiErrors() {}

    public static ClusterException translate(String action, KubernetesClientException e, URL api) {
        int code = e.getCode();
        if (unreachable(e)) {
            return new ClusterException("Kubernetes API unreachable at " + api + " while trying to " + action + ": "
                    + rootMessage(e), "check the API address and the network (kubeconfig server, or the in-cluster "
                    + "service), and that the cluster is up", e);
        }
        if (code == 401) {
            return new ClusterException("the Kubernetes API at " + api + " rejected Sluice's credentials while trying to "
                    + action, "refresh the kubeconfig credentials, or check the pod's service account token", e);
        }
        if (code == 403) {
            return new ClusterException("not allowed to " + action + ": " + statusMessage(e), RBAC_FIX, e);
        }
        return new ClusterException("the Kubernetes API answered " + code + " while trying to " + action + ": "
                + statusMessage(e), null, e);
    }

    /** No answer at all (connection refused, timeout, TLS) or a gateway in front of the API failing. */
    public static boolean unreachable(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 || code == 502 || code == 503 || code == 504 || causedByIo(e);
    }

    public static boolean notFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }

    public static boolean conflict(KubernetesClientException e) {
        return e.getCode() == 409;
    }

    public static boolean forbidden(KubernetesClientException e) {
        return e.getCode() == 403;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String statusMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : rootMessage(e);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : message + " (" + root.getClass().getSimpleName() + ")";
    }
}

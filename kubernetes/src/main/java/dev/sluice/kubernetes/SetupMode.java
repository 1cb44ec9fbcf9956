package dev.sluice.kubernetes;

/**
 * What the executor does at start about the namespace's Pod Security label and the default-deny
 * NetworkPolicy for execution pods. In both modes a namespace is never created, and Sluice refuses to start
 * when the end state is not reached.
 */
public enum SetupMode {
    /** Label the namespace and create or repair the NetworkPolicy when needed (needs namespaces patch and
     *  networkpolicies create/update). Convenient with an admin kubeconfig. */
    ENSURE,
    /** Only check both and fail with the exact fix; the deploy manifests apply them (least privilege). */
    VERIFY
}

/**
 * The cluster around the runs: building the API client ({@link dev.sluice.kubernetes.cluster.ApiClients}),
 * turning API failures into errors with a fix ({@link dev.sluice.kubernetes.cluster.ApiErrors}), applying or
 * verifying the namespace's Pod Security label and the default-deny NetworkPolicy at start
 * ({@link dev.sluice.kubernetes.cluster.ClusterSetup}), and the preflight that says what is missing
 * ({@link dev.sluice.kubernetes.cluster.ClusterPreflight}).
 *
 * <p>Nothing here creates a namespace or touches objects outside the configured namespace.
 */
package dev.sluice.kubernetes.cluster;

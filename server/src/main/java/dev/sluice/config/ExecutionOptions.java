package dev.sluice.config;

import dev.sluice.kubernetes.KubernetesConfig;

/**
 * Where executions run.
 *
 * @param sandboxSlots how many executions the local sandbox runs at once (its executions queue concurrency)
 * @param kubernetes the cluster settings when the executor is {@link Executor#KUBERNETES}, else null
 */
public record ExecutionOptions(Executor executor, int sandboxSlots, KubernetesConfig kubernetes) {

    public enum Executor {
        /** bubblewrap + cgroups + seccomp on this machine. */
        LOCAL,
        /** one hardened pod per execution. */
        KUBERNETES;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public static final ExecutionOptions DEFAULTS = new ExecutionOptions(Executor.LOCAL,
            Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), null);

    public ExecutionOptions {
        if (executor == null) {
            throw new ConfigException("--executor", "must be local or kubernetes");
        }
        if (sandboxSlots < 1 || sandboxSlots > 64) {
            throw new ConfigException("--sandbox-slots", sandboxSlots + " is outside 1-64");
        }
        if (executor == Executor.KUBERNETES && kubernetes == null) {
            throw new ConfigException("--k8s-namespace", "is required with --executor kubernetes");
        }
    }
}

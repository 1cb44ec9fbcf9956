package dev.sluice.cli;

import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.config.ApiOptions;
import dev.sluice.config.ConfigException;
import dev.sluice.config.DatabaseOptions;
import dev.sluice.config.ExecutionOptions;
import dev.sluice.config.DurationConverter;
import dev.sluice.config.HttpOptions;
import dev.sluice.config.ServeConfig;
import dev.sluice.config.WorkerOptions;
import dev.sluice.kubernetes.ApiAccess;
import dev.sluice.kubernetes.KubernetesConfig;
import dev.sluice.kubernetes.Placement;
import dev.sluice.kubernetes.SetupMode;
import dev.sluice.kubernetes.Timing;
import dev.sluice.kubernetes.Toleration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        abbreviateSynopsis = true,
        description = "Run Sluice: the HTTP API, the workers and maintenance (or one role of them).",
        footer = {"",
            "Every option can also come from the environment, named SLUICE_ and the option in capitals "
                    + "(--db-url is SLUICE_DB_URL), or from a properties file given with --config (db-url=...). "
                    + "Flags win over the environment, the environment over the file, the file over defaults.",
            "",
            "Roles: all runs everything in one process. To scale out, run one --role api and any number of "
                    + "--role worker processes against one PostgreSQL given with --db-url."})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--role", paramLabel = "all|api|worker", defaultValue = "all",
            description = "What this process runs: all, api (HTTP only) or worker (workers and maintenance).")
    Role role;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface.")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP port (a worker serves /health and /metrics on it).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "Data directory: the embedded PostgreSQL and Sluice's files.")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "An external PostgreSQL, e.g. jdbc:postgresql://db:5432/sluice (user and password may be in it). "
                    + "Without it Sluice runs an embedded PostgreSQL in the data directory.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "User for --db-url, when not in the URL.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Password for --db-url; prefer SLUICE_DB_PASSWORD, flags show in ps.")
    String dbPassword;

    @Option(names = "--db-pool-size", paramLabel = "N", defaultValue = "10",
            description = "Database connections for requests; the job engine keeps a quarter as many (4-8) of its own, "
                    + "so requests can never starve the workers.")
    int dbPoolSize;

    @Option(names = "--queues", paramLabel = "NAME[=N],...",
            description = "Queues this process works and how many jobs of each at once, e.g. http=8,executions=2. "
                    + "Default: every queue at its default concurrency.")
    String queues;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a claimed job is held without renewal; renewed every lease/3.")
    Duration lease;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "How often idle workers look for jobs without being notified.")
    Duration pollInterval;

    @Option(names = "--rescue-interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often maintenance takes back jobs whose lease expired.")
    Duration rescueInterval;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often a worker records that it is alive; three missed heartbeats make it dead.")
    Duration heartbeat;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "7d", converter = DurationConverter.class,
            description = "How long succeeded and cancelled jobs are kept.")
    Duration retention;

    @Option(names = "--dead-retention", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
            description = "How long dead letters are kept.")
    Duration deadRetention;

    @Option(names = "--http-allow", paramLabel = "HOST[:PORT],...", split = ",",
            description = "Hosts the http job type may deliver to, e.g. 127.0.0.1:8181,example.org. "
                    + "Admins can change the list at run time.")
    List<String> httpAllow;

    @Option(names = "--submit-rate", paramLabel = "N", defaultValue = "600",
            description = "Default per-user submissions per minute (admins set it per user).")
    int submitRate;

    @Option(names = "--submit-burst", paramLabel = "N", defaultValue = "60",
            description = "Default per-user submission burst.")
    int submitBurst;

    @Option(names = "--user-running", paramLabel = "N", defaultValue = "4",
            description = "Default per-user running jobs across every worker; 0 for no limit (admins set it per user).")
    int userRunning;

    @Option(names = "--session-ttl", paramLabel = "DURATION", defaultValue = "12h", converter = DurationConverter.class,
            description = "How long a browser session lasts without use.")
    Duration sessionTtl;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "The largest request body accepted.")
    long maxBody;

    @Option(names = "--executor", paramLabel = "local|kubernetes", defaultValue = "local",
            description = "Where executions run: local (bubblewrap sandbox on this machine) or kubernetes (one pod each).")
    ExecutionOptions.Executor executor;

    @Option(names = "--sandbox-slots", paramLabel = "N",
            description = "Executions the local sandbox runs at once. Default: twice the CPU cores.")
    Integer sandboxSlots;

    @Option(names = "--k8s-namespace", paramLabel = "NAMESPACE",
            description = "Namespace of the execution pods (with --executor kubernetes).")
    String k8sNamespace;

    @Option(names = "--k8s-kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to reach the cluster; without it Sluice uses its in-cluster service account.")
    Path k8sKubeconfig;

    @Option(names = "--k8s-context", paramLabel = "NAME", description = "Context in the kubeconfig.")
    String k8sContext;

    @Option(names = "--k8s-setup", paramLabel = "ensure|verify", defaultValue = "ensure",
            description = "Apply the namespace's Pod Security label and default-deny NetworkPolicy at start, or only verify them.")
    String k8sSetup;

    @Option(names = "--k8s-image", paramLabel = "LANGUAGE=IMAGE", split = ",",
            description = "The image of a language, e.g. python=python:3.12-slim (pin by digest in production).")
    List<String> k8sImages;

    @Option(names = "--k8s-runtime-class", paramLabel = "NAME", description = "RuntimeClass of execution pods, e.g. gvisor.")
    String k8sRuntimeClass;

    @Option(names = "--k8s-node-selector", paramLabel = "KEY=VALUE,...", description = "Node selector of execution pods.")
    String k8sNodeSelector;

    @Option(names = "--k8s-toleration", paramLabel = "KEY[=VALUE]:EFFECT", split = ",",
            description = "Tolerations of execution pods.")
    List<String> k8sTolerations;

    @Option(names = "--k8s-pod-start-timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long a pod may take to start (scheduling, image pull) before the run is an error.")
    Duration k8sPodStart;

    @Option(names = "--k8s-api-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the Kubernetes API may be unreachable before a run gives up (it is then retried).")
    Duration k8sApiTimeout;

    @Option(names = "--k8s-reconcile-interval", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How often pods are compared with running executions (orphans deleted).")
    Duration k8sReconcile;

    @Option(names = "--k8s-orphan-grace", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "A running execution younger than this is never reported as having lost its pod.")
    Duration k8sOrphanGrace;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "On SIGTERM, how long running jobs may take to finish before they are stopped and handed back.")
    Duration shutdownGrace;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with option values (also SLUICE_CONFIG).")
    Path config;

    ServeConfig toConfig() {
        return new ServeConfig(role, dataDir,
                new HttpOptions(bind, port, maxBody),
                new DatabaseOptions(dbUrl, dbUser, dbPassword, dbPoolSize),
                new WorkerOptions(WorkerOptions.parseQueues(queues), lease, pollInterval, rescueInterval, heartbeat,
                        retention, deadRetention),
                new ApiOptions(httpAllow == null ? List.of() : httpAllow.stream().map(String::strip)
                        .filter(h -> !h.isEmpty()).toList(), submitRate, submitBurst, userRunning, sessionTtl),
                executions(), shutdownGrace);
    }

    private ExecutionOptions executions() {
        int slots = sandboxSlots == null ? ExecutionOptions.DEFAULTS.sandboxSlots() : sandboxSlots;
        if (executor != ExecutionOptions.Executor.KUBERNETES) {
            return new ExecutionOptions(executor, slots, null);
        }
        if (k8sNamespace == null || k8sNamespace.isBlank()) {
            throw new ConfigException("--k8s-namespace", "is required with --executor kubernetes");
        }
        try {
            ApiAccess access = k8sKubeconfig == null ? ApiAccess.inCluster() : ApiAccess.kubeconfig(k8sKubeconfig, k8sContext);
            KubernetesConfig k8s = KubernetesConfig.defaults(access, k8sNamespace)
                    .withSetup(SetupMode.valueOf(k8sSetup.toUpperCase()));
            for (String image : k8sImages == null ? List.<String>of() : k8sImages) {
                int eq = image.indexOf('=');
                if (eq < 1) {
                    throw new ConfigException("--k8s-image", "'" + image + "' is not LANGUAGE=IMAGE");
                }
                k8s = k8s.withImage(image.substring(0, eq).strip(), image.substring(eq + 1).strip());
            }
            k8s = k8s.withPlacement(new Placement(k8sRuntimeClass,
                    k8sNodeSelector == null ? java.util.Map.of() : Placement.parseNodeSelector(k8sNodeSelector),
                    k8sTolerations == null ? List.of() : k8sTolerations.stream().map(Toleration::parse).toList()));
            k8s = k8s.withTiming(new Timing(k8sPodStart, k8sApiTimeout, k8sReconcile, k8sOrphanGrace));
            return new ExecutionOptions(executor, slots, k8s);
        } catch (IllegalArgumentException | dev.sluice.SluiceException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException("--k8s-*", e.getMessage());
        }
    }

    @Override
    public Integer call() {
        Sluice sluice = Sluice.create(toConfig());
        Foreground.run(sluice, shutdownGrace);
        return 0;
    }
}

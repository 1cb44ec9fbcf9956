package dev.sluice.kubernetes;

import dev.sluice.kubernetes.cluster.ApiClients;
import dev.sluice.kubernetes.cluster.ClusterPreflight;
import dev.sluice.kubernetes.cluster.ClusterSetup;
import dev.sluice.kubernetes.reconcile.Reconciler;
import dev.sluice.kubernetes.run.KubernetesRunner;
import dev.sluice.kubernetes.run.PodEvents;
import dev.sluice.lifecycle.Service;
import dev.sluice.sandbox.CodeRunner;
import dev.sluice.sandbox.Preflight;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes executor: the factory, and the {@link Service} that owns the API client, the shared pod
 * watch and the {@link Reconciler}. Wiring, for a worker: {@code KubernetesExecutor.create(config, ledger)},
 * add it to the service group <em>before</em> the workers that call {@link #runner()} (so it starts first
 * and stops last), and hand {@link #runner()} to the engine as its {@link CodeRunner}.
 *
 * <p>{@link #start()} applies or verifies the namespace setup ({@link SetupMode}), starts the pod watch and
 * the reconciler, and throws a {@link ClusterException} with the fix when the API is unreachable, a
 * permission is missing or the namespace is not right; nothing is left running then. {@link #stop()} stops
 * the reconciler and the watch and closes the client it built. An executor starts once.
 */
public final class KubernetesExecutor implements Service {
    private static final Logger log = LoggerFactory.getLogger(KubernetesExecutor.class);

    private final KubernetesConfig config;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final PodEvents events;
    private final KubernetesRunner runner;
    private final Reconciler reconciler;
    private boolean started;
    private boolean stopped;

    private KubernetesExecutor(KubernetesConfig config, RunLedger ledger, KubernetesClient client, boolean ownsClient,
            InstantSource clock) {
        this.config = config;
        this.client = client;
        this.ownsClient = ownsClient;
        this.events = new PodEvents(client, config.namespace());
        this.runner = new KubernetesRunner(client, config, events, this::preflight);
        this.reconciler = new Reconciler(client, config.namespace(), ledger, config.timing(), clock);
    }

    /**
     * Builds the client from {@link KubernetesConfig#api()} (nothing is contacted yet).
     *
     * @throws KubernetesConfigException when the kubeconfig cannot be read or in-cluster access is not possible
     */
    public static KubernetesExecutor create(KubernetesConfig config, RunLedger ledger) {
        KubernetesClient client = ApiClients.build(config.api(), config.namespace(), config.timing());
        return new KubernetesExecutor(config, ledger, client, true, InstantSource.system());
    }

    /** With a client the caller built and keeps (closes) itself; {@link KubernetesConfig#api()} is not used. */
    public static KubernetesExecutor using(KubernetesClient client, KubernetesConfig config, RunLedger ledger,
            InstantSource clock) {
        return new KubernetesExecutor(config, ledger, client, false, clock);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("a stopped KubernetesExecutor cannot start again; create a new one");
        }
        if (started) {
            return;
        }
        try {
            new ClusterSetup(client, config.namespace(), config.setup()).apply();
            events.start(config.timing().api());
            reconciler.start();
        } catch (RuntimeException e) {
            reconciler.stop();
            events.close();
            throw e;
        }
        started = true;
        log.info("running code as pods in namespace {} at {} ({} setup)", config.namespace(), client.getMasterUrl(),
                config.setup().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        reconciler.stop();
        events.close();
        if (ownsClient) {
            client.close();
        }
    }

    /** The {@link CodeRunner}; it refuses runs until {@link #start()} has succeeded. */
    public KubernetesRunner runner() {
        return runner;
    }

    /** The reconciler, for {@link Reconciler#runOnce()} in tests and tools. */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** Checks the cluster without changing anything; works before {@link #start()}. */
    public Preflight preflight() {
        return new ClusterPreflight(client, config.namespace()).check();
    }
}

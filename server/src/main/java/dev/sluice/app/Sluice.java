package dev.sluice.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.AdminRoutes;
import dev.sluice.api.Api;
import dev.sluice.api.DeadLetterRoutes;
import dev.sluice.api.IdempotentRequests;
import dev.sluice.api.JobRoutes;
import dev.sluice.api.OpenApi;
import dev.sluice.api.OpsRoutes;
import dev.sluice.api.SubmitLimiter;
import dev.sluice.auth.Auth;
import dev.sluice.auth.AuthRoutes;
import dev.sluice.auth.FirstAdmin;
import dev.sluice.auth.LoginThrottle;
import dev.sluice.auth.SessionStore;
import dev.sluice.auth.TokenStore;
import dev.sluice.auth.UserStore;
import dev.sluice.config.ServeConfig;
import dev.sluice.database.Database;
import dev.sluice.database.EmbeddedPostgres;
import dev.sluice.database.SchemaMigration;
import dev.sluice.engine.Engine;
import dev.sluice.engine.EngineConfig;
import dev.sluice.engine.EngineMetrics;
import dev.sluice.engine.JobType;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.NoopJob;
import dev.sluice.engine.QueueConfig;
import dev.sluice.engine.QueueGate;
import dev.sluice.executions.ExecutionJob;
import dev.sluice.executions.ExecutionPolicy;
import dev.sluice.executions.ExecutionSettings;
import dev.sluice.executions.Executions;
import dev.sluice.executions.SavedScripts;
import dev.sluice.api.ExecutionRoutes;
import dev.sluice.api.ScriptRoutes;
import dev.sluice.engine.diagnosis.Diagnosis;
import dev.sluice.engine.worker.WorkerRegistry;
import dev.sluice.health.HealthRoutes;
import dev.sluice.ui.UiRoutes;
import dev.sluice.httpallow.AllowlistRoutes;
import dev.sluice.httpallow.AllowlistStore;
import dev.sluice.httpallow.AllowlistSync;
import dev.sluice.httpjob.HttpAllowlist;
import dev.sluice.httpjob.HttpJobSettings;
import dev.sluice.httpjob.HttpJobType;
import dev.sluice.httpjob.MutableAllowlist;
import dev.sluice.http.HttpService;
import dev.sluice.http.Router;
import dev.sluice.lifecycle.Service;
import dev.sluice.lifecycle.ServiceGroup;
import dev.sluice.metrics.Metrics;
import dev.sluice.metrics.QueueGauges;
import dev.sluice.streams.JobEventHub;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of one process for its role with plain constructors (a
 * missing dependency is a compile error, not a crash loop at run time) and owns their lifecycle as
 * one {@link ServiceGroup}. Start order: database, schema, first admin, engine, HTTP; stop is the
 * reverse, so a stopping process first stops accepting requests, then drains its workers, then closes
 * the pool and stops the embedded database.
 */
public final class Sluice implements Service {
    private static final Logger log = LoggerFactory.getLogger(Sluice.class);

    private final ServeConfig config;
    private final Metrics metrics;
    private final EmbeddedPostgres embedded;
    private final Database database;
    private final Router router;
    private final HttpService http;
    private final Engine engine;
    private final Executor executor;
    private final Map<String, QueueGate> gates;
    private final ServiceGroup services;

    private Sluice(ServeConfig config, List<JobType<?>> extraTypes) {
        this.config = config;
        this.metrics = new Metrics();
        this.embedded = config.embeddedDatabase() ? new EmbeddedPostgres(config.dataDir(), true) : null;
        this.database = embedded != null
                ? new Database(() -> new Database.Settings(embedded.jdbcUrl(), embedded.user(), embedded.password(),
                        config.database().poolSize()), metrics.registry())
                : new Database(() -> new Database.Settings(config.database().url(), config.database().user(),
                        config.database().password(), config.database().poolSize()), metrics.registry());
        SchemaMigration schema = new SchemaMigration(database);
        this.router = new Router().maxBodyBytes(config.http().maxBodyBytes());
        this.http = new HttpService(config.http().bind(), config.http().port(), router, Duration.ofSeconds(2));
        Api api = new Api(router);

        MutableAllowlist managedAllowlist = new MutableAllowlist();
        HttpAllowlist fromFlags = HttpAllowlist.parse(String.join(",", config.api().httpAllow()));
        AllowlistStore allowlistStore = new AllowlistStore(database.dataSource());
        AllowlistSync allowlistSync = new AllowlistSync(allowlistStore, managedAllowlist, Duration.ofSeconds(5));

        this.executor = config.role().runsWorkers() ? new Executor(config.executions(), database.dataSource(),
                config.http().port()) : null;
        ExecutionSettings executionSettings = new ExecutionSettings(database.dataSource());
        ExecutionPolicy executionPolicy = new ExecutionPolicy(executionSettings::maxima);

        List<JobType<?>> types = new ArrayList<>();
        types.add(NoopJob.type());
        types.add(ExecutionJob.type(executionPolicy, () -> executor == null ? null : executor.runner()));
        types.add(HttpJobType.create(HttpAllowlist.union(fromFlags, managedAllowlist), HttpJobSettings.defaults(Version.current())));
        types.add(Housekeeping.type(database.dataSource()));
        types.addAll(extraTypes);
        JobTypes jobTypes = JobTypes.of(types.toArray(JobType<?>[]::new));
        EngineConfig engineConfig = engineConfig(config, jobTypes, executor);
        this.gates = executor == null ? Map.of() : Map.of(ExecutionJob.QUEUE, executor.gate());
        this.engine = new Engine(database.dataSource(), database.engineDataSource(), database::openDirect, jobTypes, engineConfig,
                new EngineMetrics(metrics.registry()), InstantSource.system(), config.role().toString(), Version.current(),
                this::workerInfo, gates);
        Diagnosis diagnosis = new Diagnosis(database.dataSource(), engine.reads(), engine.workers(),
                new Diagnosis.Thresholds(Duration.ofMinutes(5), engine.workerDeadAfter(), 10, Duration.ofMinutes(10)),
                InstantSource.system());

        QueueGauges gauges = new QueueGauges(engine.reads(), metrics.registry(),
                engineConfig.queues().stream().map(QueueConfig::name).toList());
        metrics.beforeScrape(gauges::refreshIfStale);
        metrics.register(api);
        new HealthRoutes(database, schema, diagnosis).register(api);

        List<Service> parts = new ArrayList<>();
        if (embedded != null) {
            parts.add(embedded);
        }
        parts.add(database);
        parts.add(schema);
        parts.add(allowlistSync);
        if (config.role().servesApi()) {
            UserStore users = new UserStore(database.dataSource());
            TokenStore tokens = new TokenStore(database.dataSource());
            SessionStore sessions = new SessionStore(database.dataSource(), config.api().sessionTtl());
            router.filter(new Auth(tokens, sessions, Set.of(AuthRoutes.LOGIN, "/api/v1/openapi.json")));
            new AuthRoutes(users, tokens, sessions, new LoginThrottle(InstantSource.system())).register(api);
            JobEventHub hub = new JobEventHub(engine.notifier());
            IdempotentRequests idempotency = new IdempotentRequests(database.dataSource());
            JobRoutes jobRoutes = new JobRoutes(engine.jobs(), engine.store(), engine.reads(), hub, users,
                    new SubmitLimiter(database.dataSource()), idempotency, config.api());
            jobRoutes.register(api);
            new DeadLetterRoutes(engine.store(), engine.reads()).register(api);
            new OpsRoutes(engine.reads(), diagnosis).register(api);
            new AdminRoutes(users, sessions).register(api);
            new AllowlistRoutes(allowlistStore, allowlistSync, fromFlags).register(api);
            new ExecutionRoutes(engine.jobs(), engine.store(), engine.reads(), new Executions(database.dataSource()),
                    executionPolicy, executionSettings, engine.workers(), engine.workerDeadAfter(), jobRoutes,
                    idempotency).register(api);
            new ScriptRoutes(new SavedScripts(database.dataSource())).register(api);
            new UiRoutes().register(api);
            new OpenApi(api).register();
            parts.add(new FirstAdmin(users, config.dataDir()));
        }
        if (executor != null) {
            parts.add(executor);
        }
        parts.addAll(engine.services(config.role().runsWorkers()));
        parts.add(http);
        this.services = new ServiceGroup("sluice", parts);
    }

    /** Builds a process for the configuration; nothing runs until {@link #start()}. */
    public static Sluice create(ServeConfig config) {
        return new Sluice(config, List.of());
    }

    /** With extra job types (tests; embedding Sluice in another program). */
    public static Sluice create(ServeConfig config, List<JobType<?>> extraTypes) {
        return new Sluice(config, extraTypes);
    }

    private static EngineConfig engineConfig(ServeConfig config, JobTypes types, Executor executor) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        if (config.workers().queues().isEmpty()) {
            for (JobType<?> type : types.all()) {
                wanted.putIfAbsent(type.queue(), 0);
            }
        } else {
            wanted.putAll(config.workers().queues());
        }
        Integer keyLimit = config.api().userRunning() == 0 ? null : config.api().userRunning();
        List<QueueConfig> queues = new ArrayList<>();
        wanted.forEach((name, concurrency) -> queues.add(new QueueConfig(name,
                concurrency != 0 ? concurrency
                        : name.equals(ExecutionJob.QUEUE) && executor != null ? executor.concurrency()
                        : defaultConcurrency(name), keyLimit)));
        String workerId = WorkerRegistry.hostname() + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        return EngineConfig.defaults(workerId, queues)
                .withLease(config.workers().lease())
                .withPollInterval(config.workers().pollInterval())
                .withRescueInterval(config.workers().rescueInterval())
                .withWorkerHeartbeat(config.workers().heartbeat())
                .withLeaderTtl(leaderTtl(config.workers().rescueInterval(), config.workers().lease()))
                .withRetention(config.workers().retention(), config.workers().deadRetention())
                .withShutdownGrace(config.shutdownGrace())
                .withPeriodic(List.of(Housekeeping.schedule()));
    }

    /**
     * Leadership outlives a few rescue intervals (2-30 s) but never a lease: when the leader dies with
     * jobs of its own, a new leader is in place before those leases run out, so recovery stays within
     * one lease plus one rescue interval.
     */
    static Duration leaderTtl(Duration rescueInterval, Duration lease) {
        Duration ttl = rescueInterval.multipliedBy(3);
        if (ttl.compareTo(Duration.ofSeconds(2)) < 0) {
            ttl = Duration.ofSeconds(2);
        }
        if (ttl.compareTo(Duration.ofSeconds(30)) > 0) {
            ttl = Duration.ofSeconds(30);
        }
        Duration belowLease = lease.multipliedBy(3).dividedBy(4);
        return ttl.compareTo(belowLease) > 0 ? (belowLease.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : belowLease) : ttl;
    }

    private static int defaultConcurrency(String queue) {
        return switch (queue) {
            case "http" -> 16;
            default -> 8;
        };
    }

    /** Published with every worker heartbeat: queues this process cannot run now and why, and its runtimes. */
    private ObjectNode workerInfo() {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        ObjectNode unserved = info.putObject("unserved");
        gates.forEach((queue, gate) -> gate.unavailable().ifPresent(reason -> unserved.put(queue, reason)));
        if (executor != null) {
            info.put("executor", executor.kind());
            info.set("runtimes", executor.runtimes());
        }
        return info;
    }

    @Override
    public String name() {
        return "sluice";
    }

    @Override
    public synchronized void start() {
        long begin = System.nanoTime();
        http.bind();
        try {
            services.start();
        } catch (RuntimeException e) {
            http.stop();
            throw e;
        }
        router.ready(true);
        log.info("Sluice {} ready in {} ms · role {} · {} · {}", Version.current(),
                (System.nanoTime() - begin) / 1_000_000, config.role(), describeDatabase(), url());
    }

    @Override
    public synchronized void stop() {
        router.ready(false);
        services.stop();
        metrics.close();
    }

    /** The address to open in a browser. */
    public String url() {
        String host = config.http().bind().equals("0.0.0.0") || config.http().bind().equals("::") ? "127.0.0.1"
                : config.http().bind();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + http.port() + "/";
    }

    public int port() {
        return http.port();
    }

    /** Every route this process serves (for the OpenAPI check). */
    public List<Router.RouteInfo> routes() {
        return router.routes();
    }

    public Database database() {
        return database;
    }

    public Engine engine() {
        return engine;
    }

    public ServeConfig config() {
        return config;
    }

    private String describeDatabase() {
        if (embedded != null) {
            return "embedded PostgreSQL " + embedded.version() + ", data in " + config.dataDir().toAbsolutePath().normalize();
        }
        return "PostgreSQL at " + database.settings().redactedUrl();
    }
}

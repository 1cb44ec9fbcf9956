package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.database.Migrations;
import dev.sluice.engine.diagnosis.Diagnosis;
import dev.sluice.engine.diagnosis.Finding;
import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.WorkerStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A diagnosis a person can act on: workers, queues, stuck work and why, dead letters, migrations,
 * sandbox readiness — ending with one verdict line, and exit code 1 when something is wrong.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Say what is stuck or failing, and what to do about it. Exit code 1 when something is wrong.")
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseAccess access;

    @Option(names = "--queued-too-long", paramLabel = "DURATION", defaultValue = "5m",
            converter = dev.sluice.config.DurationConverter.class,
            description = "Report due jobs that have waited longer than this.")
    Duration queuedTooLong;

    @Option(names = "--worker-dead-after", paramLabel = "DURATION", defaultValue = "16s",
            converter = dev.sluice.config.DurationConverter.class,
            description = "A worker silent for longer than this is dead (three heartbeats).")
    Duration deadAfter;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (DatabaseAccess.Opened db = access.open()) {
            out.println("database: " + db.description);
            Migrations migrations = new Migrations(db.database.dataSource());
            String problem = null;
            try {
                migrations.check();
                String current = migrations.currentVersion();
                String latest = migrations.latestLocalVersion();
                out.println("schema: version " + current + (current.equals(latest) ? " (current)"
                        : " — this build expects " + latest + "; the next ./sluice serve applies the rest"));
            } catch (dev.sluice.SluiceException e) {
                problem = e.oneLine();
                out.println("schema: " + problem);
            }
            Diagnosis.Report report = new Diagnosis(db.database.dataSource(), new JobReads(db.database.dataSource()),
                    new WorkerStore(db.database.dataSource()),
                    new Diagnosis.Thresholds(queuedTooLong, deadAfter, 10, Duration.ofMinutes(10)), InstantSource.system())
                    .run();
            printWorkers(out, report);
            printQueues(out, report);
            out.println("maintenance leader: " + (report.leader().live() ? report.leader().holder()
                    : "none (every worker process can lead; none is running)"));
            if (!report.findings().isEmpty()) {
                out.println("findings:");
                for (Finding f : report.findings()) {
                    out.println("  [" + f.severity().name().toLowerCase() + "] " + f.line());
                }
            }
            Finding worst = report.findings().stream().filter(f -> f.severity() != Finding.Severity.INFO)
                    .findFirst().orElse(null);
            if (problem != null) {
                out.println("verdict: BROKEN — " + problem);
                return 1;
            }
            if (worst != null) {
                out.println("verdict: " + (worst.severity() == Finding.Severity.CRITICAL ? "STUCK" : "DEGRADED") + " — " + worst.line());
                return 1;
            }
            out.println("verdict: OK — " + summary(report));
            return 0;
        }
    }

    private static void printWorkers(PrintWriter out, Diagnosis.Report report) {
        long alive = report.workers().stream().filter(WorkerStore.WorkerRow::alive).count();
        out.println("workers: " + alive + " alive, " + (report.workers().size() - alive) + " dead or stopped");
        for (WorkerStore.WorkerRow w : report.workers()) {
            if (!w.alive() && w.stoppedAt() != null) {
                continue;
            }
            out.println("  " + (w.alive() ? "alive " : "DEAD  ") + w.id() + " on " + w.host() + " (pid " + w.pid()
                    + ", " + w.role() + ", v" + w.version() + ") queues " + String.join(",", w.queues())
                    + ", last heartbeat " + Diagnosis.human(Duration.between(w.heartbeatAt(), report.at())) + " ago");
            JsonNode unserved = w.info() == null ? null : w.info().path("unserved");
            if (unserved != null && unserved.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = unserved.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.println("      cannot run '" + e.getKey() + "': " + e.getValue().asText());
                }
            }
        }
    }

    private static void printQueues(PrintWriter out, Diagnosis.Report report) {
        if (report.queues().isEmpty()) {
            out.println("queues: no jobs waiting, running or dead");
            return;
        }
        out.println("queues:");
        for (JobReads.QueueStats q : report.queues()) {
            out.println("  " + q.queue() + ": " + q.due() + " due (oldest " + Diagnosis.human(q.oldestDueAge()) + "), "
                    + q.scheduled() + " scheduled, " + q.running() + " running, " + q.retrying() + " retrying, "
                    + q.dead() + " dead");
        }
    }

    private static String summary(Diagnosis.Report report) {
        long due = report.queues().stream().mapToLong(JobReads.QueueStats::due).sum();
        long running = report.queues().stream().mapToLong(JobReads.QueueStats::running).sum();
        long alive = report.workers().stream().filter(WorkerStore.WorkerRow::alive).count();
        return "nothing stuck; " + due + " due, " + running + " running, " + alive + " live worker" + (alive == 1 ? "" : "s");
    }
}

package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of {@code ./sluice bench}. */
public record Options(Set<String> scenarios, boolean quick, int jobs, int repetitions, List<Integer> rates,
        int seconds, List<String> systems, int workers, int poolSize, Integer claimBatch, int crashRepetitions,
        int sandboxRounds, int apiRequests, Path write) {

    public static final List<String> SCENARIOS = List.of("drain", "steady", "crash", "sandbox", "api");
    public static final List<String> SYSTEMS = List.of("sluice", "jobrunr", "dbscheduler");

    public static final String USAGE = """
            usage: ./sluice bench [scenario...] [options]
              scenarios   drain steady crash sandbox api, or all (the default)
              --quick               a short smoke run of every chosen scenario (minutes, not the real numbers)
              --jobs N              drain: jobs pre-inserted (default 100000; quick 10000)
              --reps N              drain: repetitions per system (default 3; quick 1)
              --rates A,B,C         steady: offered rates per second (default 100,500,2000)
              --seconds N           steady: measured seconds per rate (default 30; quick 5)
              --systems A,B         sluice, jobrunr, dbscheduler (default all three)
              --workers N           worker threads per system, the same for all (default 16)
              --pool N              HikariCP connections per system, the same for all (default 20)
              --claim-batch N       Sluice's claim batch (default: the engine's default)
              --crash-reps N        crash cell repetitions per system (default 3; quick 1)
              --rounds N            sandbox: interleaved rounds (default 60; quick 10)
              --requests N          api: requests per client (default 40; quick 5)
              --write FILE          write the results into FILE (e.g. BENCHMARKS.md), replacing its generated block
            """;

    public static Options parse(String[] args) {
        Set<String> scenarios = new LinkedHashSet<>();
        boolean quick = List.of(args).contains("--quick");
        Integer jobs = null;
        Integer reps = null;
        List<Integer> rates = List.of(100, 500, 2000);
        Integer seconds = null;
        List<String> systems = SYSTEMS;
        int workers = 16;
        int pool = 20;
        Integer claimBatch = null;
        Integer crashReps = null;
        Integer rounds = null;
        Integer requests = null;
        Path write = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--help", "-h" -> throw new Usage(null);
                case "--jobs" -> jobs = positive(a, value(args, ++i, a));
                case "--reps" -> reps = positive(a, value(args, ++i, a));
                case "--rates" -> rates = Arrays.stream(value(args, ++i, a).split(",")).map(v -> positive(a, v)).toList();
                case "--seconds" -> seconds = positive(a, value(args, ++i, a));
                case "--systems" -> {
                    systems = List.of(value(args, ++i, a).split(","));
                    for (String s : systems) {
                        if (!SYSTEMS.contains(s)) {
                            throw new Usage("unknown system '" + s + "'; known: " + String.join(", ", SYSTEMS));
                        }
                    }
                }
                case "--workers" -> workers = positive(a, value(args, ++i, a));
                case "--pool" -> pool = positive(a, value(args, ++i, a));
                case "--claim-batch" -> claimBatch = positive(a, value(args, ++i, a));
                case "--crash-reps" -> crashReps = positive(a, value(args, ++i, a));
                case "--rounds" -> rounds = positive(a, value(args, ++i, a));
                case "--requests" -> requests = positive(a, value(args, ++i, a));
                case "--write" -> write = Path.of(value(args, ++i, a));
                default -> {
                    if (a.equals("all")) {
                        scenarios.addAll(SCENARIOS);
                    } else if (SCENARIOS.contains(a)) {
                        scenarios.add(a);
                    } else {
                        throw new Usage("unknown argument '" + a + "'");
                    }
                }
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(SCENARIOS);
        }
        if (pool < 2) {
            throw new Usage("--pool must be at least 2");
        }
        return new Options(scenarios, quick, or(jobs, quick ? 10_000 : 100_000), or(reps, quick ? 1 : 3),
                quick && rates.equals(List.of(100, 500, 2000)) ? List.of(100, 500) : rates, or(seconds, quick ? 5 : 30),
                systems, workers, pool, claimBatch, or(crashReps, quick ? 1 : 3), or(rounds, quick ? 10 : 60),
                or(requests, quick ? 5 : 40), write);
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new Usage(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Usage(option + " must be a positive whole number, got '" + value + "'");
        }
    }

    public List<String> argsForReport() {
        List<String> parts = new ArrayList<>(scenarios);
        if (quick) {
            parts.add("--quick");
        }
        return parts;
    }

    /** A bad command line: the message (or null for --help) and the usage. */
    public static final class Usage extends RuntimeException {
        public Usage(String message) {
            super(message);
        }
    }
}

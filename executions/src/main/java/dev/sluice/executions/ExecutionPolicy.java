package dev.sluice.executions;

import dev.sluice.engine.InvalidJobException;
import dev.sluice.sandbox.Limits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The rules for execution requests: field sizes, known language names, and limits — the defaults a
 * request gets and the maxima an admin allows. Every violation names its field.
 */
public final class ExecutionPolicy {
    static final int MAX_CODE_BYTES = 256 * 1024;
    static final int MAX_STDIN_BYTES = 256 * 1024;
    static final int MAX_ARGS = 64;
    static final int MAX_ARG_CHARS = 4096;
    /** Output is kept with the execution, so a stream is capped at 64 KiB whatever the maxima say. */
    public static final long OUTPUT_CEILING = 64 * Limits.KIB;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z][a-z0-9+]{0,19}");
    private static final Pattern VERSION = Pattern.compile("[0-9][0-9A-Za-z.+-]{0,31}");

    /** The maxima admins may raise up to: anything beyond needs a code change, not a setting. */
    public static final Limits HARD_MAXIMA = new Limits(Duration.ofMinutes(30), 8192 * Limits.MIB, 1024, 8.0,
            OUTPUT_CEILING, 1024 * Limits.MIB, 1024 * Limits.MIB);

    /** Maxima when no admin set any: a minute, 1 GiB, 256 processes, 2 CPUs, 64 KiB, 64 MiB files, 256 MiB /tmp. */
    public static final Limits DEFAULT_MAXIMA = new Limits(Duration.ofSeconds(60), 1024 * Limits.MIB, 256, 2.0,
            OUTPUT_CEILING, 64 * Limits.MIB, 256 * Limits.MIB);

    private final Supplier<Limits> maxima;

    /** @param maxima the current admin-set maxima (read each time: they change at run time) */
    public ExecutionPolicy(Supplier<Limits> maxima) {
        this.maxima = maxima;
    }

    public Limits defaults() {
        return clamp(Limits.DEFAULTS, maxima());
    }

    public Limits maxima() {
        return maxima.get();
    }

    /** Checks everything but the limits' values, which {@link #limits} resolves. */
    public void validate(ExecutionRequest r) {
        if (r.language() == null || r.language().isBlank()) {
            throw new InvalidJobException("language", "required", "language is required, e.g. python, node or bash");
        }
        if (!LANGUAGE.matcher(r.language()).matches()) {
            throw new InvalidJobException("language", "pattern", "language must be a name such as python, node or bash");
        }
        if (r.version() != null && !VERSION.matcher(r.version()).matches()) {
            throw new InvalidJobException("version", "pattern", "version must look like 3.11 or 20.19.2");
        }
        if (r.code() == null) {
            throw new InvalidJobException("code", "required", "code is required");
        }
        if (utf8Length(r.code()) > MAX_CODE_BYTES) {
            throw new InvalidJobException("code", "size", "code is larger than " + MAX_CODE_BYTES / 1024 + " KiB");
        }
        if (r.stdin() != null && utf8Length(r.stdin()) > MAX_STDIN_BYTES) {
            throw new InvalidJobException("stdin", "size", "stdin is larger than " + MAX_STDIN_BYTES / 1024 + " KiB");
        }
        if (r.args() != null) {
            if (r.args().size() > MAX_ARGS) {
                throw new InvalidJobException("args", "size", "at most " + MAX_ARGS + " arguments");
            }
            for (int i = 0; i < r.args().size(); i++) {
                String a = r.args().get(i);
                if (a == null || a.length() > MAX_ARG_CHARS || a.indexOf('\0') >= 0) {
                    throw new InvalidJobException("args[" + i + "]", "valid",
                            "an argument is a string of at most " + MAX_ARG_CHARS + " characters without NUL");
                }
            }
        }
        limits(r.limits());
    }

    /** The limits of a request: its own where given (each within the maxima), the defaults elsewhere. */
    public Limits limits(ExecutionRequest.LimitsRequest l) {
        Limits max = maxima();
        Limits def = clamp(Limits.DEFAULTS, max);
        if (l == null) {
            return def;
        }
        Duration wall = l.wallSeconds() == null ? def.wall()
                : Duration.ofSeconds(within("limits.wallSeconds", l.wallSeconds(), 1, max.wall().toSeconds(), "s"));
        long memory = l.memoryMb() == null ? def.memoryBytes()
                : within("limits.memoryMb", l.memoryMb(), 16, max.memoryBytes() / Limits.MIB, " MiB") * Limits.MIB;
        int processes = l.processes() == null ? def.processes()
                : (int) within("limits.processes", l.processes(), 1, max.processes(), "");
        double cpus = def.cpus();
        if (l.cpus() != null) {
            if (!(l.cpus() >= 0.1) || l.cpus() > max.cpus()) {
                throw new InvalidJobException("limits.cpus", "range", "limits.cpus must be between 0.1 and " + max.cpus());
            }
            cpus = l.cpus();
        }
        long output = l.outputKb() == null ? def.outputBytes()
                : within("limits.outputKb", l.outputKb(), 1, max.outputBytes() / Limits.KIB, " KiB") * Limits.KIB;
        long file = l.fileSizeMb() == null ? def.fileSizeBytes()
                : within("limits.fileSizeMb", l.fileSizeMb(), 0, max.fileSizeBytes() / Limits.MIB, " MiB") * Limits.MIB;
        long tmp = l.tmpMb() == null ? def.tmpBytes()
                : within("limits.tmpMb", l.tmpMb(), 1, max.tmpBytes() / Limits.MIB, " MiB") * Limits.MIB;
        return new Limits(wall, memory, processes, cpus, output, file, tmp);
    }

    private static long within(String field, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new InvalidJobException(field, "range", field + " must be between " + min + " and " + max + unit);
        }
        return value;
    }

    /** Each limit of {@code limits}, lowered to {@code max} where above it. */
    public static Limits clamp(Limits limits, Limits max) {
        return new Limits(limits.wall().compareTo(max.wall()) > 0 ? max.wall() : limits.wall(),
                Math.min(limits.memoryBytes(), max.memoryBytes()), Math.min(limits.processes(), max.processes()),
                Math.min(limits.cpus(), max.cpus()), Math.min(limits.outputBytes(), max.outputBytes()),
                Math.min(limits.fileSizeBytes(), max.fileSizeBytes()), Math.min(limits.tmpBytes(), max.tmpBytes()));
    }

    /** Limits as clients see them. */
    public static Map<String, Object> view(Limits l) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("wallSeconds", l.wall().toSeconds());
        v.put("memoryMb", l.memoryBytes() / Limits.MIB);
        v.put("processes", l.processes());
        v.put("cpus", l.cpus());
        v.put("outputKb", l.outputBytes() / Limits.KIB);
        v.put("fileSizeMb", l.fileSizeBytes() / Limits.MIB);
        v.put("tmpMb", l.tmpBytes() / Limits.MIB);
        return v;
    }

    /** Maxima from a view (admin input), each checked against the hard ceiling. */
    public static Limits maximaOf(ExecutionRequest.LimitsRequest l) {
        Limits d = DEFAULT_MAXIMA;
        Limits h = HARD_MAXIMA;
        return new Limits(
                l.wallSeconds() == null ? d.wall() : Duration.ofSeconds(within("wallSeconds", l.wallSeconds(), 1, h.wall().toSeconds(), "s")),
                l.memoryMb() == null ? d.memoryBytes() : within("memoryMb", l.memoryMb(), 16, h.memoryBytes() / Limits.MIB, " MiB") * Limits.MIB,
                l.processes() == null ? d.processes() : (int) within("processes", l.processes(), 1, h.processes(), ""),
                l.cpus() == null ? d.cpus() : cpusWithin(l.cpus(), h.cpus()),
                l.outputKb() == null ? d.outputBytes() : within("outputKb", l.outputKb(), 1, h.outputBytes() / Limits.KIB, " KiB") * Limits.KIB,
                l.fileSizeMb() == null ? d.fileSizeBytes() : within("fileSizeMb", l.fileSizeMb(), 0, h.fileSizeBytes() / Limits.MIB, " MiB") * Limits.MIB,
                l.tmpMb() == null ? d.tmpBytes() : within("tmpMb", l.tmpMb(), 1, h.tmpBytes() / Limits.MIB, " MiB") * Limits.MIB);
    }

    private static double cpusWithin(double cpus, double max) {
        if (!(cpus >= 0.1) || cpus > max) {
            throw new InvalidJobException("cpus", "range", "cpus must be between 0.1 and " + max);
        }
        return cpus;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}

package dev.sluice.engine.maintenance;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A cron expression: five fields (minute hour day-of-month month day-of-week) or six with seconds
 * first; {@code *}, lists, ranges, steps ({@code *}/15, 1-30/5), month and day names, and the macros
 * {@code @yearly @monthly @weekly @daily @hourly}. As in classic cron, when both day fields are
 * restricted a day matches either.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 0 1 1 *", "@annually", "0 0 0 1 1 *", "@monthly", "0 0 0 1 * *",
            "@weekly", "0 0 0 * * 0", "@daily", "0 0 0 * * *", "@midnight", "0 0 0 * * *", "@hourly", "0 0 * * * *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, String[] f) {
        this.text = text;
        this.seconds = field(f[0], 0, 59, null, "second");
        this.minutes = field(f[1], 0, 59, null, "minute");
        this.hours = field(f[2], 0, 23, null, "hour");
        this.daysOfMonth = field(f[3], 1, 31, null, "day of month");
        this.months = field(f[4], 1, 12, MONTHS, "month");
        BitSet dow = field(f[5].replace("7", "0"), 0, 6, DAYS, "day of week");
        this.daysOfWeek = dow;
        this.domRestricted = !f[3].equals("*") && !f[3].equals("?");
        this.dowRestricted = !f[5].equals("*") && !f[5].equals("?");
    }

    public static CronExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a cron expression is required");
        }
        String text = expression.strip();
        String expanded = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        String[] parts = expanded.split("\\s+");
        if (parts.length == 5) {
            String[] withSeconds = new String[6];
            withSeconds[0] = "0";
            System.arraycopy(parts, 0, withSeconds, 1, 5);
            parts = withSeconds;
        }
        if (parts.length != 6) {
            throw new IllegalArgumentException("cron expression '" + text + "' needs 5 fields (minute hour day month weekday) or 6 (with seconds first)");
        }
        return new CronExpression(text, parts);
    }

    /** The first time strictly after {@code after} that matches. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        ZonedDateTime limit = after.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                continue;
            }
            if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
                continue;
            }
            return t;
        }
        throw new IllegalArgumentException("cron expression '" + text + "' never matches");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }

    private static BitSet field(String spec, int min, int max, String[] names, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, null, what);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, names, what);
                to = number(ends[1], min, max, names, what);
                if (to < from) {
                    throw new IllegalArgumentException("cron " + what + " range " + range + " runs backwards");
                }
            } else {
                from = number(range, min, max, names, what);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String token, int min, int max, String[] names, String what) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(token)) {
                    return i + min;
                }
            }
        }
        try {
            int v = Integer.parseInt(token);
            if (v < min || v > max) {
                throw new IllegalArgumentException("cron " + what + " " + v + " is outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + what + " '" + token + "' is not a number");
        }
    }
}

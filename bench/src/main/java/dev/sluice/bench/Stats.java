package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Order statistics over a handful of measurements (repetitions, or runs of a process). */
public record Stats(List<Double> sorted) {

    public Stats {
        sorted = sorted.stream().sorted().toList();
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
    }

    public static Stats of(Collection<Double> values) {
        return new Stats(new ArrayList<>(values));
    }

    public int count() {
        return sorted.size();
    }

    public double min() {
        return sorted.getFirst();
    }

    public double max() {
        return sorted.getLast();
    }

    public double median() {
        return percentile(50);
    }

    /** Linear interpolation between the closest ranks. */
    public double percentile(double p) {
        if (sorted.size() == 1) {
            return sorted.getFirst();
        }
        double rank = p / 100.0 * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
    }

    /** "median (min–max)", e.g. {@code 1234 (1180–1302)}. */
    public String spread(String format) {
        if (sorted.size() == 1) {
            return fmt(format, median());
        }
        return fmt(format, median()) + " (" + fmt(format, min()) + "–" + fmt(format, max()) + ")";
    }

    public static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}

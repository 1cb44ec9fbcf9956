package dev.sluice.kubernetes;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A toleration for execution pods, e.g. to land them on a tainted node pool reserved for untrusted code.
 *
 * @param key the taint key
 * @param value the taint value, or null to tolerate any value (operator Exists)
 * @param effect NoSchedule, PreferNoSchedule or NoExecute; null for every effect
 */
public record Toleration(String key, String value, String effect) {
    private static final Pattern KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    public Toleration {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new KubernetesConfigException("tolerations", "'" + key + "' is not a valid taint key");
        }
        if (value != null && !VALUE.matcher(value).matches()) {
            throw new KubernetesConfigException("tolerations", "'" + value + "' is not a valid taint value");
        }
        if (effect != null && !(effect.equals("NoSchedule") || effect.equals("PreferNoSchedule")
                || effect.equals("NoExecute"))) {
            throw new KubernetesConfigException("tolerations",
                    "effect '" + effect + "' is not NoSchedule, PreferNoSchedule or NoExecute");
        }
    }

    /**
     * Reads the {@code kubectl taint} notation: {@code key=value:Effect}, {@code key:Effect}, {@code key=value}
     * or {@code key}. The effect is case-insensitive.
     */
    public static Toleration parse(String text) {
        String rest = text.strip();
        String effect = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            effect = normalEffect(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        int eq = rest.indexOf('=');
        if (eq >= 0) {
            return new Toleration(rest.substring(0, eq), rest.substring(eq + 1), effect);
        }
        return new Toleration(rest, null, effect);
    }

    private static String normalEffect(String effect) {
        return switch (effect.toLowerCase(Locale.ROOT)) {
            case "noschedule" -> "NoSchedule";
            case "prefernoschedule" -> "PreferNoSchedule";
            case "noexecute" -> "NoExecute";
            default -> effect;
        };
    }

    /** Equal when a value is given, Exists otherwise. */
    public String operator() {
        return value == null ? "Exists" : "Equal";
    }
}

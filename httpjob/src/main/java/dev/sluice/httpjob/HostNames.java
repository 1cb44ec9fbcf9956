package dev.sluice.httpjob;

import java.util.regex.Pattern;

/**
 * DNS host names as Sluice accepts them in URLs and allowlist entries: ASCII labels of letters,
 * digits and hyphens (internationalised names in their {@code xn--} form), at most 253 characters,
 * the last label starting with a letter so that no name can be mistaken for a number or an address.
 */
final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 253;

    private HostNames() {}

    /** Null when {@code name} (already lower case) is a valid host name, else what is wrong with it. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "is not a valid host name (labels of a-z, 0-9 and inner hyphens, 1-63 characters, "
                        + "separated by single dots, no trailing dot)";
            }
        }
        if (!Character.isLetter(labels[labels.length - 1].charAt(0))) {
            return "is not a valid host name (its last label must start with a letter)";
        }
        return null;
    }
}

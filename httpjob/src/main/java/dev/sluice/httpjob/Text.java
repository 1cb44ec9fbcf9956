package dev.sluice.httpjob;

/** Text from a receiver made safe to keep: no control characters (PostgreSQL stores no NUL), bounded. */
final class Text {
    private Text() {}

    /** One line: control characters become spaces; longer than {@code max} is cut with an ellipsis. */
    static String line(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        for (int i = 0; i < text.length() && out.length() <= max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        String s = out.toString().strip();
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    /** Keeps line breaks and tabs, replaces NUL (which PostgreSQL text and jsonb refuse) with U+FFFD. */
    static String storable(String text) {
        return text.replace('\u0000', '\uFFFD');
    }
}

package dev.sluice.httpjob;

import dev.sluice.engine.InvalidJobException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The checks on an {@code http} payload, run by the engine at enqueue (nothing is stored when one
 * fails) and again when a worker picks the job up (so a host removed from the allowlist meanwhile is
 * not delivered to). Each failure is an {@link InvalidJobException} naming the field.
 */
final class PayloadRules implements Consumer<HttpJobPayload> {
    static final int MAX_HEADERS = 32;
    static final int MAX_HEADER_NAME = 100;
    static final int MAX_HEADER_VALUE = 4096;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VALUE = Pattern.compile("[\\t\\x20-\\x7e]*");
    /**
     * Hop-by-hop and framing headers (the client owns them), the ones Sluice sets itself, and
     * {@code sluice-*}, which Sluice reserves.
     */
    static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade",
            "expect", "content-type", "user-agent");

    private final HttpAllowlist allowlist;
    private final HttpJobSettings settings;

    PayloadRules(HttpAllowlist allowlist, HttpJobSettings settings) {
        this.allowlist = allowlist;
        this.settings = settings;
    }

    @Override
    public void accept(HttpJobPayload payload) {
        Destination destination = destination(payload.url());
        if (!allowlist.allows(destination)) {
            throw new InvalidJobException("payload.url", "allowlist", "payload.url host " + destination.authority()
                    + " is not on the http allowlist; an admin can add it");
        }
        checkHeaders(payload.headers());
        Integer timeout = payload.timeoutSeconds();
        long max = settings.maxRequestTimeout().toSeconds();
        if (timeout != null && (timeout < 1 || timeout > max)) {
            throw new InvalidJobException("payload.timeoutSeconds", "range",
                    "payload.timeoutSeconds must be between 1 and " + max + ", got " + timeout);
        }
    }

    static Destination destination(String url) {
        try {
            return Destination.parse(url);
        } catch (IllegalArgumentException e) {
            String rule = url == null || url.isBlank() ? "required" : "valid";
            throw new InvalidJobException("payload.url", rule, "payload.url " + e.getMessage());
        }
    }

    private static void checkHeaders(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw new InvalidJobException("payload.headers", "size", "payload.headers has more than " + MAX_HEADERS + " headers");
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String field = "payload.headers." + name;
            if (name == null || name.length() > MAX_HEADER_NAME || !TOKEN.matcher(name).matches()) {
                throw new InvalidJobException("payload.headers", "valid", "payload.headers has an invalid name '" + name
                        + "' (an HTTP token of at most " + MAX_HEADER_NAME + " characters)");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (FORBIDDEN_HEADERS.contains(lower) || lower.startsWith("sluice-")) {
                throw new InvalidJobException(field, "forbidden", field + " may not be set: Sluice or the HTTP client "
                        + "sets it (forbidden: " + String.join(", ", FORBIDDEN_HEADERS.stream().sorted().toList())
                        + ", sluice-*)");
            }
            if (!seen.add(lower)) {
                throw new InvalidJobException(field, "duplicate", field + " is given twice (header names ignore case)");
            }
            String value = header.getValue();
            if (value == null) {
                throw new InvalidJobException(field, "required", field + " needs a string value");
            }
            if (value.length() > MAX_HEADER_VALUE || !VALUE.matcher(value).matches()) {
                throw new InvalidJobException(field, "valid", field + " must be printable ASCII of at most "
                        + MAX_HEADER_VALUE + " characters (no line breaks)");
            }
        }
    }
}

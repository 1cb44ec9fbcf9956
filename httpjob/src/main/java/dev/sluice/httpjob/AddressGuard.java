package dev.sluice.httpjob;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The delivery-time SSRF check: every address the host resolves to must be public, or be opened
 * explicitly by an allowlist entry that matched the URL ({@link AllowEntry#isExplicitFor}). One bad
 * address refuses the whole delivery, since the client may connect to any of them.
 */
final class AddressGuard {
    private AddressGuard() {}

    /** Why the delivery is refused, or empty when every address may be reached. */
    static Optional<String> refusal(Destination destination, List<AllowEntry> matched, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Optional.of("host " + destination.host() + " resolved to no address");
        }
        for (InetAddress address : addresses) {
            Optional<String> blocked = BlockedAddresses.reason(address);
            if (blocked.isPresent() && matched.stream().noneMatch(e -> e.isExplicitFor(address))) {
                String text = IpLiterals.canonical(address);
                String how = destination.isAddress() ? "is" : "resolves to " + text + ", which is";
                return Optional.of("refused: host " + destination.host() + " " + how + " a " + blocked.get()
                        + " address; only an allowlist entry naming that address itself (e.g. '"
                        + (text.indexOf(':') >= 0 ? "[" + text + "]" : text) + ":" + destination.port()
                        + "') may reach it");
            }
        }
        return Optional.empty();
    }
}

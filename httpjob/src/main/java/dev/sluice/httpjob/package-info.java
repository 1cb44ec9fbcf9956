/**
 * The built-in {@code http} job type: delivers a payload as a POST to a URL whose host is on an
 * allowlist, with no path to private or loopback addresses unless one is explicitly allowed.
 *
 * <p>Wiring: {@link dev.sluice.httpjob.HttpJobType#create} returns the {@code JobType} (queue
 * {@code http}); register it in every role. The allowlist is an {@link dev.sluice.httpjob.HttpAllowlist},
 * read live on every enqueue and every delivery: {@link dev.sluice.httpjob.HttpAllowlist#parse} for
 * {@code --http-allow}/{@code SLUICE_HTTP_ALLOW}, {@link dev.sluice.httpjob.MutableAllowlist} for entries
 * admins change at run time, {@link dev.sluice.httpjob.HttpAllowlist#union} for both.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Nothing is stored for a URL that is malformed, not http(s), carries user info or a fragment, or
 *       whose host and port no entry allows; the check repeats when a worker picks the job up.</li>
 *   <li>At delivery every address the host resolves to must be public; a loopback, private, link-local,
 *       CGNAT, unspecified, multicast or reserved one (also inside IPv4-mapped, NAT64 and 6to4 IPv6)
 *       refuses the delivery permanently unless a matching entry names that very address, or is the name
 *       {@code localhost} and the address is loopback.</li>
 *   <li>Redirects are never followed; no proxy is used; at most {@code bodyLimit} response bytes are
 *       read.</li>
 *   <li>Every request carries {@code User-Agent: sluice/<version>}, {@code Sluice-Job-Id} and
 *       {@code Sluice-Attempt}, so receivers can recognise a retried delivery.</li>
 * </ul>
 */
package dev.sluice.httpjob;

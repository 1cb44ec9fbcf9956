/**
 * The built-in {@code http} job type: delivers a payload as a POST to a URL whose host is on an
 * allowlist, with no path to private or loopback addresses unless one is explicitly allowed.
 */
package dev.sluice.httpjob;

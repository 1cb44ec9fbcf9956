package dev.sluice.sandbox;

/**
 * A language this machine (or cluster) can run.
 *
 * @param language the name clients use: python, node, bash, ...
 * @param version the interpreter's own version, e.g. 3.11.2
 * @param isDefault the version used when a request names none
 */
public record RuntimeInfo(String language, String version, boolean isDefault) {}

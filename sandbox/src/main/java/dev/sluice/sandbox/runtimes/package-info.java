/**
 * Which languages this host can run, found at start by asking the host itself.
 *
 * <p>Invariants: an interpreter is only ever taken from a fixed absolute path (never a PATH lookup,
 * which on developer machines lands on slow shims such as pyenv's), resolved to its real file, which
 * must lie in the read-only system directories the sandbox mounts; its version is what the binary
 * itself prints, asked with an empty environment; a request can only select a runtime that was
 * discovered, so a language or version field can never name a path or a command.
 */
package dev.sluice.sandbox.runtimes;

package dev.sluice.http;

/** Runs around every route: authentication, metrics. Calls {@code next} to continue, or answers itself. */
@FunctionalInterface
public interface Filter {
    Response apply(Request request, Route next) throws Exception;
}

package dev.sluice.http;

/** A route's code: read the request, answer. Exceptions become problems (never a stack trace). */
@FunctionalInterface
public interface Route {
    Response handle(Request request) throws Exception;
}

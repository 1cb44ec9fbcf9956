package dev.sluice.ui;

import dev.sluice.api.Api;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web UI: static files from the classpath ({@code /ui/...}), served by the same process as the
 * API. No build step and no Node.js: plain HTML, CSS and JavaScript.
 */
public final class UiRoutes {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json", "application/json",
            "txt", "text/plain; charset=utf-8", "woff2", "font/woff2");

    public void register(Api api) {
        api.route("GET", "/", this::index).tag("ui").summary("The web UI").isPublic().response(200, null).add();
        api.route("GET", "/ui/*", this::file).tag("ui").summary("The web UI's files").isPublic().response(200, null).add();
    }

    Response index(Request request) throws IOException {
        return serve("index.html");
    }

    Response file(Request request) throws IOException {
        String path = request.pathParam("*");
        if (path.isEmpty() || path.contains("..") || path.startsWith("/") || path.contains("\\")) {
            throw ProblemException.notFound("no such file: " + path);
        }
        return serve(path);
    }

    private Response serve(String path) throws IOException {
        try (InputStream in = UiRoutes.class.getResourceAsStream("/ui/" + path)) {
            if (in == null) {
                throw ProblemException.notFound("no such file: " + path);
            }
            String ext = path.substring(path.lastIndexOf('.') + 1);
            return new Response.Bytes(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes(), Map.of(
                    "Cache-Control", path.equals("index.html") ? "no-cache" : "public, max-age=300",
                    "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                    "X-Frame-Options", "DENY",
                    "Referrer-Policy", "no-referrer"));
        }
    }
}

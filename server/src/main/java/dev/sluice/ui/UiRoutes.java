package dev.sluice.ui;

import dev.sluice.api.Api;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The web UI: static files from the classpath ({@code /ui/...}), served by the same process as the
 * API. No build step and no Node.js: plain HTML, CSS and JavaScript modules, and the CodeMirror 5
 * editor from its WebJar ({@code org.webjars:codemirror}) under {@code /ui/vendor/codemirror/}.
 *
 * <p>Every file goes out with a strict Content-Security-Policy: scripts only from this origin, so the
 * UI has no inline script and no CDN, and data from the API is put into the page as text, never as
 * markup.
 */
public final class UiRoutes {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json", "application/json",
            "txt", "text/plain; charset=utf-8", "woff2", "font/woff2");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** What the UI takes from the editor's WebJar: its code, styles and licence, not its demo pages. */
    private static final Set<String> VENDOR_TYPES = Set.of("js", "css");

    private final String codemirrorRoot;

    public UiRoutes() {
        codemirrorRoot = "/META-INF/resources/webjars/codemirror/" + webjarVersion("codemirror") + "/";
    }

    public void register(Api api) {
        api.route("GET", "/", this::index).tag("ui").summary("The web UI").isPublic().response(200, null).add();
        // before /ui/*: the router takes the first match
        api.route("GET", "/ui/vendor/codemirror/*", this::codemirror).tag("ui")
                .summary("The code editor (CodeMirror 5, MIT licence at /ui/vendor/codemirror/LICENSE)").isPublic()
                .response(200, null).add();
        api.route("GET", "/ui/*", this::file).tag("ui").summary("The web UI's files").isPublic().response(200, null).add();
    }

    Response index(Request request) throws IOException {
        return serve("/ui/index.html", "index.html", "no-cache");
    }

    Response file(Request request) throws IOException {
        String path = safePath(request);
        return serve("/ui/" + path, path, "no-cache");
    }

    Response codemirror(Request request) throws IOException {
        String path = safePath(request);
        String ext = path.substring(path.lastIndexOf('.') + 1);
        if (!path.equals("LICENSE") && !VENDOR_TYPES.contains(ext)) {
            throw ProblemException.notFound("no such file: " + path);
        }
        // the version is in the classpath location, so a new WebJar is a new URL: cache for a day
        return serve(codemirrorRoot + path, path.equals("LICENSE") ? "LICENSE.txt" : path, "public, max-age=86400");
    }

    private static String safePath(Request request) {
        String path = request.pathParam("*");
        if (path.isEmpty() || path.contains("..") || path.startsWith("/") || path.contains("\\") || path.contains("%")) {
            throw ProblemException.notFound("no such file: " + path);
        }
        return path;
    }

    private static Response serve(String resource, String name, String cacheControl) throws IOException {
        try (InputStream in = UiRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw ProblemException.notFound("no such file: " + name);
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new Response.Bytes(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes(), Map.of(
                    "Cache-Control", cacheControl,
                    "Content-Security-Policy", CSP,
                    "X-Content-Type-Options", "nosniff",
                    "X-Frame-Options", "DENY",
                    "Referrer-Policy", "no-referrer"));
        }
    }

    /** The version of a WebJar on the classpath, from its Maven metadata (so the pom alone names it). */
    static String webjarVersion(String artifact) {
        String resource = "/META-INF/maven/org.webjars/" + artifact + "/pom.properties";
        try (InputStream in = UiRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar org.webjars:" + artifact + " is not on the classpath ("
                        + resource + " is missing); the server module depends on it");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.sluice.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the UI's files are served: from the jar, with a strict Content-Security-Policy, the editor from its WebJar. */
class UiFilesTest {
    static UiServer server;
    static HttpProbe http;

    @BeforeAll
    static void start() {
        server = new UiServer(false);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyPageIsServedWithAStrictContentSecurityPolicyAndNoInlineScript() {
        HttpProbe.Reply index = http.get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.header("Content-Security-Policy")).startsWith("default-src 'self';").doesNotContain("script-src");
        assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(index.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]").contains("src=\"/ui/app.js\"");
        HttpProbe.Reply app = http.get("/ui/app.js");
        assertThat(app.header("Content-Type")).startsWith("text/javascript");
        assertThat(app.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(http.get("/ui/views/run.js").status()).isEqualTo(200);
        assertThat(http.get("/ui/nope.js").status()).isEqualTo(404);
        assertThat(http.get("/ui/../index.html").status()).isEqualTo(404);
        assertThat(http.get("/ui/%2e%2e/index.html").status()).isEqualTo(404);
    }

    @Test
    void theEditorComesFromItsWebJarWithItsLicenceAndNothingElseOfIt() {
        HttpProbe.Reply editor = http.get("/ui/vendor/codemirror/lib/codemirror.js");
        assertThat(editor.status()).isEqualTo(200);
        assertThat(editor.header("Content-Type")).startsWith("text/javascript");
        assertThat(editor.body()).contains("CodeMirror");
        assertThat(http.get("/ui/vendor/codemirror/mode/python/python.js").status()).isEqualTo(200);
        assertThat(http.get("/ui/vendor/codemirror/lib/codemirror.css").header("Content-Type")).startsWith("text/css");
        HttpProbe.Reply licence = http.get("/ui/vendor/codemirror/LICENSE");
        assertThat(licence.status()).isEqualTo(200);
        assertThat(licence.body()).startsWith("MIT License");
        assertThat(http.get("/ui/vendor/codemirror/mode/python/index.html").status()).as("demo pages").isEqualTo(404);
        assertThat(http.get("/ui/vendor/codemirror/package.json").status()).isEqualTo(404);
        assertThat(http.get("/ui/vendor/codemirror/../../../../ui/index.html").status()).isEqualTo(404);
    }

    @Test
    void everyScriptTheIndexLoadsExists() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:src|href)=\"(/ui/[^\"]+)\"").matcher(http.get("/").body());
        int seen = 0;
        while (m.find()) {
            assertThat(http.get(m.group(1)).status()).as(m.group(1)).isEqualTo(200);
            seen++;
        }
        assertThat(seen).isGreaterThan(8);
    }
}

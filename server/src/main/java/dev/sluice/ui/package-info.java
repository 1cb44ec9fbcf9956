/**
 * The web UI: a single-page app of static files ({@code src/main/resources/ui}) served by the API
 * process itself, with no build step and no Node.js. Everything it shows comes from the public API
 * ({@code /api/v1}); the UI has no server-side state and no routes of its own beyond its files.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every UI file is served with a Content-Security-Policy that allows scripts from this origin
 *       only: no inline script, no CDN. Third-party browser code comes from WebJars on the classpath
 *       (CodeMirror 5 under {@code /ui/vendor/codemirror/}: its code, styles and licence, nothing
 *       else of the jar).</li>
 *   <li>Data from the API (program output, errors, names) is put into the page as text nodes, never
 *       parsed as markup.</li>
 *   <li>The browser authenticates with the HttpOnly session cookie; the session's CSRF token lives in
 *       page memory only and goes with every state-changing request. Live views use EventSource on
 *       the same origin, which sends the cookie and resumes with Last-Event-ID.</li>
 * </ul>
 */
package dev.sluice.ui;

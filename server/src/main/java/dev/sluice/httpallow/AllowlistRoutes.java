package dev.sluice.httpallow;

import dev.sluice.api.Api;
import dev.sluice.auth.Auth;
import dev.sluice.auth.Principal;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.httpjob.AllowEntry;
import dev.sluice.httpjob.HttpAllowlist;
import java.util.LinkedHashMap;
import java.util.Map;

/** Admins manage the hosts the http job type may deliver to. */
public final class AllowlistRoutes {
    private final AllowlistStore store;
    private final AllowlistSync sync;
    private final HttpAllowlist fromFlags;

    public AllowlistRoutes(AllowlistStore store, AllowlistSync sync, HttpAllowlist fromFlags) {
        this.store = store;
        this.sync = sync;
        this.fromFlags = fromFlags;
    }

    public void register(Api api) {
        api.route("GET", "/api/v1/admin/http-allowlist", this::list).tag("admin")
                .summary("Hosts http jobs may deliver to: from --http-allow and managed here").response(200, "Allowlist").add();
        api.route("POST", "/api/v1/admin/http-allowlist", this::add).tag("admin")
                .summary("Allow a host: {\"entry\": \"example.org\" | \"host:port\" | \"*.example.org\" | \"10.0.0.5:8080\"}")
                .request("AllowEntry").response(201, "Allowlist").add();
        api.route("DELETE", "/api/v1/admin/http-allowlist", this::remove).tag("admin")
                .summary("Stop allowing a host: ?entry=...").response(200, "Allowlist").add();
    }

    record Entry(String entry) {}

    Response list(Request request) throws Exception {
        Auth.requireAdmin(request);
        return Response.ok(view());
    }

    Response add(Request request) throws Exception {
        Principal principal = Auth.requireAdmin(request);
        AllowEntry entry = parse(request.bodyAs(Entry.class).entry());
        boolean added = store.add(entry, principal.user().username());
        sync.runOnce();
        return Response.json(added ? 201 : 200, view());
    }

    Response remove(Request request) throws Exception {
        Auth.requireAdmin(request);
        AllowEntry entry = parse(request.query("entry").orElse(null));
        if (!store.remove(entry)) {
            throw ProblemException.notFound("'" + entry + "' is not a managed entry"
                    + (fromFlags.entries().contains(entry) ? " (it comes from --http-allow; change that flag)" : ""));
        }
        sync.runOnce();
        return Response.ok(view());
    }

    private Map<String, Object> view() throws Exception {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("fromFlags", fromFlags.entries().stream().map(AllowEntry::toString).toList());
        v.put("managed", store.list().stream().map(AllowEntry::toString).toList());
        return v;
    }

    private static AllowEntry parse(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("entry", "required", "entry is required, e.g. example.org or 127.0.0.1:8181");
        }
        try {
            return AllowEntry.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("entry", "syntax", e.getMessage());
        }
    }
}

package dev.sluice.api;

import dev.sluice.auth.Auth;
import dev.sluice.auth.Principal;
import dev.sluice.engine.InvalidJobException;
import dev.sluice.executions.Examples;
import dev.sluice.executions.SavedScripts;
import dev.sluice.http.Problem;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import java.util.Map;

/** Saved scripts, each user's own, and the examples everyone starts from. */
public final class ScriptRoutes {
    private final SavedScripts scripts;

    public ScriptRoutes(SavedScripts scripts) {
        this.scripts = scripts;
    }

    public void register(Api api) {
        api.route("GET", "/api/v1/scripts", this::list).tag("scripts").summary("Your saved scripts").response(200, "ScriptList").add();
        api.route("POST", "/api/v1/scripts", this::create).tag("scripts").summary("Save a script: {name, language, code, stdin?}")
                .request("Script").response(201, "Script").add();
        api.route("GET", "/api/v1/scripts/{id}", this::get).tag("scripts").summary("A saved script").response(200, "Script").add();
        api.route("PUT", "/api/v1/scripts/{id}", this::update).tag("scripts").summary("Rename or edit a saved script")
                .request("Script").response(200, "Script").add();
        api.route("DELETE", "/api/v1/scripts/{id}", this::delete).tag("scripts").summary("Delete a saved script").response(204, null).add();
        api.route("GET", "/api/v1/examples", this::examples).tag("scripts").summary("Example scripts per language")
                .response(200, "ScriptList").add();
    }

    record Body(String name, String language, String code, String stdin) {}

    Response list(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        return Response.ok(Map.of("items", scripts.list(principal.user().owner())));
    }

    Response create(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        Body body = request.bodyAs(Body.class);
        try {
            return Response.json(201, scripts.create(principal.user().owner(), body.name(), body.language(), body.code(), body.stdin()));
        } catch (SavedScripts.NameTaken e) {
            throw new ProblemException(Problem.invalid(e.field(), e.rule(), e.getMessage()).withStatus(409));
        } catch (InvalidJobException e) {
            throw Problems.invalid(e);
        }
    }

    Response get(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        long id = request.idParam("id");
        return Response.ok(scripts.get(principal.user().owner(), id)
                .orElseThrow(() -> ProblemException.notFound("no such script: " + id)));
    }

    Response update(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        long id = request.idParam("id");
        Body body = request.bodyAs(Body.class);
        try {
            return Response.ok(scripts.update(principal.user().owner(), id, body.name(), body.language(), body.code(), body.stdin())
                    .orElseThrow(() -> ProblemException.notFound("no such script: " + id)));
        } catch (SavedScripts.NameTaken e) {
            throw new ProblemException(Problem.invalid(e.field(), e.rule(), e.getMessage()).withStatus(409));
        } catch (InvalidJobException e) {
            throw Problems.invalid(e);
        }
    }

    Response delete(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        long id = request.idParam("id");
        if (!scripts.delete(principal.user().owner(), id)) {
            throw ProblemException.notFound("no such script: " + id);
        }
        return Response.empty(204);
    }

    Response examples(Request request) {
        Auth.principal(request);
        return Response.ok(Map.of("items", Examples.ALL));
    }
}

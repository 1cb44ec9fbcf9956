package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.SluiceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** The HTTP API as the command-line client verbs use it: bearer token, problems turned into one line. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String server;
    private final String token;

    ApiClient(String server, String token) {
        if (token == null || token.isBlank()) {
            throw new SluiceException("no API token", "pass --token or set SLUICE_TOKEN (an admin can mint one: ./sluice token create --user NAME)");
        }
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token.strip();
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, Object body, String... headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body instanceof String s ? s : Json.write(body)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** Follows an SSE stream, handing each event (name, data) to {@code onEvent}, until {@code end} or the stream closes. */
    void follow(String path, Consumer<JsonNode> onEvent) {
        int lastId = 0;
        for (int attempt = 0; attempt < 30; attempt++) {
            HttpRequest.Builder b = request(path).setHeader("Accept", "text/event-stream").timeout(Duration.ofDays(1));
            if (lastId > 0) {
                b.header("Last-Event-ID", Integer.toString(lastId));
            }
            try {
                HttpResponse<java.io.InputStream> response = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() >= 400) {
                    throw problem(response.statusCode(), new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String name = null;
                    String id = null;
                    StringBuilder data = new StringBuilder();
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (name != null) {
                                JsonNode event = Json.MAPPER.createObjectNode().put("event", name)
                                        .set("data", data.isEmpty() ? null : Json.tree(data.toString()));
                                if (id != null) {
                                    lastId = Integer.parseInt(id);
                                }
                                onEvent.accept(event);
                                if (name.equals("end")) {
                                    return;
                                }
                            }
                            name = null;
                            id = null;
                            data.setLength(0);
                        } else if (line.startsWith("event: ")) {
                            name = line.substring(7);
                        } else if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (line.startsWith("data: ")) {
                            data.append(line.substring(6));
                        }
                    }
                }
            } catch (IOException e) {
                // the connection dropped: reconnect and resume after the last event seen
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new SluiceException("lost the event stream of " + path + " too often", "check the server and the network");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw problem(response.statusCode(), response.body());
            }
            return response.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.tree(response.body());
        } catch (ConnectException e) {
            throw new SluiceException("cannot reach Sluice at " + server, "is it running? pass --server URL or set SLUICE_SERVER");
        } catch (IOException e) {
            throw new SluiceException("talking to " + server + " failed: " + e.getMessage(), "retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceException("interrupted");
        }
    }

    private static SluiceException problem(int status, String body) {
        try {
            JsonNode p = Json.tree(body);
            String field = p.path("field").asText("");
            return new SluiceException(status + " " + p.path("title").asText("error") + ": " + p.path("detail").asText(body)
                    + (field.isEmpty() ? "" : " (field " + field + ")"));
        } catch (IllegalArgumentException e) {
            return new SluiceException(status + ": " + body);
        }
    }
}

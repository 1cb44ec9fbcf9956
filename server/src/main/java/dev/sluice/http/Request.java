package dev.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.sun.net.httpserver.HttpExchange;
import dev.sluice.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One HTTP request as routes see it: path parameters, query, headers, a size-capped body. */
public final class Request {
    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final long maxBodyBytes;
    private final Map<String, Object> attributes = new HashMap<>();
    private Map<String, String> query;
    private byte[] body;

    Request(HttpExchange exchange, Map<String, String> pathParams, long maxBodyBytes) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.maxBodyBytes = maxBodyBytes;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path() {
        return exchange.getRequestURI().getRawPath();
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter " + name);
        }
        return value;
    }

    /** A path parameter that must be a positive 64-bit id; anything else is a 404, not a 500. */
    public long idParam(String name) {
        String raw = pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to not found
        }
        throw ProblemException.notFound("no such " + name + ": " + raw);
    }

    public Optional<String> query(String name) {
        if (query == null) {
            query = parseQuery(exchange.getRequestURI().getRawQuery());
        }
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    public List<String> headers(String name) {
        return exchange.getRequestHeaders().getOrDefault(name, List.of());
    }

    public String remoteAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** Per-request values set by filters (e.g. the authenticated user). */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> attribute(String name) {
        return Optional.ofNullable((T) attributes.get(name));
    }

    public void attribute(String name, Object value) {
        attributes.put(name, value);
    }

    /** The body, at most the configured cap (413 beyond it). */
    public byte[] body() throws IOException {
        if (body != null) {
            return body;
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Content-Length", "number", "Content-Length is not a number");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (read.length > maxBodyBytes) {
                throw tooLarge();
            }
            body = read;
        }
        return body;
    }

    /** The body as UTF-8 text; invalid UTF-8 is a 400. */
    public String bodyText() throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body())).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest(null, "utf-8", "the request body is not valid UTF-8");
        }
    }

    /** The body as a JSON tree; a problem naming the position when it is not JSON. */
    public JsonNode bodyJson() throws IOException {
        String text = bodyText();
        if (text.isBlank()) {
            throw ProblemException.badRequest(null, "required", "a JSON body is required");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw jsonProblem(e);
        }
    }

    /** The body bound to a type; type errors name the field (e.g. {@code limits.wallSeconds}). */
    public <T> T bodyAs(Class<T> type) throws IOException {
        JsonNode tree = bodyJson();
        if (!tree.isObject()) {
            throw ProblemException.badRequest(null, "object", "the request body must be a JSON object");
        }
        try {
            return Json.MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw jsonProblem(e);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(null, "valid", e.getMessage());
        }
    }

    static ProblemException jsonProblem(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? fieldPath(m) : null;
        if (e instanceof UnrecognizedPropertyException u) {
            return ProblemException.badRequest(field, "known-field", "unknown field '" + u.getPropertyName() + "'");
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            Throwable cause = v.getCause();
            if (cause instanceof ProblemException pe) {
                return pe;
            }
            return ProblemException.badRequest(field, "valid", cause.getMessage());
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException
                || e instanceof InputCoercionException) {
            String target = e instanceof MismatchedInputException mi && mi.getTargetType() != null
                    ? describe(mi.getTargetType()) : "another type";
            return ProblemException.badRequest(field, "type",
                    (field == null ? "a value" : "'" + field + "'") + " must be " + target);
        }
        if (e instanceof StreamConstraintsException) {
            return ProblemException.badRequest(field, "size", "the JSON is too large or too deep: " + e.getOriginalMessage());
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        return ProblemException.badRequest(field, "json", "malformed JSON" + where);
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer in range";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase())
                    .collect(Collectors.joining(", "));
        }
        return "a " + type.getSimpleName();
    }

    private static String fieldPath(JsonMappingException e) {
        if (e.getPath() == null || e.getPath().isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.of(413, "Request body too large",
                "the body is larger than " + maxBodyBytes + " bytes").with("limitBytes", maxBodyBytes));
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                result.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(key, "encoding", "query parameter is not properly percent-encoded");
            }
        }
        return result;
    }

    HttpExchange exchange() {
        return exchange;
    }
}

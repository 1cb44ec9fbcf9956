package dev.sluice.httpjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * The result kept for a delivered job: {@code {"status": 200, "contentType": "application/json",
 * "body": …, "bodyTruncated": false}}. The body is parsed JSON when the response says it is JSON, came
 * whole, is at most {@link #JSON_LIMIT} bytes and parses; otherwise text, decoded with the response's charset (UTF-8 when it names none),
 * undecodable bytes replaced. Its stored size stays within {@link #BODY_BUDGET} bytes whatever the
 * content, so the result always fits the engine's limit.
 */
final class DeliveryResult {
    /** The most UTF-8 bytes the body may take once written as JSON (escapes included). */
    static final int BODY_BUDGET = 160 * 1024;
    /**
     * The largest body kept as parsed JSON. PostgreSQL's jsonb can take about five times the text's size
     * (e.g. {@code [0,0,0,…]}), and a result over the column's limit could not be written — the delivered
     * job would be taken back and delivered again. Larger JSON bodies are kept as text.
     */
    static final int JSON_LIMIT = 32 * 1024;

    private DeliveryResult() {}

    static ObjectNode of(int status, String contentType, BoundedBody body) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("status", status);
        if (contentType == null) {
            result.putNull("contentType");
        } else {
            result.put("contentType", Text.line(contentType, 200));
        }
        boolean truncated = body.truncated();
        JsonNode json = truncated || !isJson(contentType) ? null : json(body.bytes());
        if (json != null) {
            result.set("body", json);
        } else {
            String text = Text.storable(decode(body.bytes(), contentType));
            String fitted = fit(text);
            truncated |= fitted.length() < text.length();
            result.put("body", fitted);
        }
        result.put("bodyTruncated", truncated);
        return result;
    }

    /** The first part of the body as one short line, for an error message. */
    static String excerpt(BoundedBody body, String contentType, int max) {
        return Text.line(decode(body.bytes(), contentType), max);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = mediaType(contentType);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The parsed body, or null when it is not JSON or could not be stored as jsonb (a NUL in a string). */
    private static JsonNode json(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > JSON_LIMIT) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            String written = Json.write(node);
            if (written.contains("\\u0000") || written.getBytes(StandardCharsets.UTF_8).length > BODY_BUDGET) {
                return null;
            }
            return node;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // not JSON after all: kept as text instead
        }
    }

    static String decode(byte[] bytes, String contentType) {
        Charset charset = charset(contentType);
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8); // not reached with REPLACE; the JDK declares it
        }
    }

    private static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").strip();
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The longest prefix of {@code text} whose JSON form fits the budget. */
    private static String fit(String text) {
        String current = text;
        while (size(current) > BODY_BUDGET) {
            int cut = (int) ((long) current.length() * BODY_BUDGET / size(current) * 9 / 10);
            if (cut > 0 && Character.isHighSurrogate(current.charAt(cut - 1))) {
                cut--;
            }
            current = current.substring(0, cut);
        }
        return current;
    }

    private static int size(String text) {
        return Json.write(TextNode.valueOf(text)).getBytes(StandardCharsets.UTF_8).length;
    }
}

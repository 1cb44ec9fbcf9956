package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Job types and payloads shared by the engine tests. */
final class TestTypes {
    private TestTypes() {}

    static ObjectNode payload(String key, Object value) {
        return dev.sluice.Json.MAPPER.valueToTree(java.util.Map.of(key, value));
    }

    static JsonNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A type with no handler and a validator: payloads need a positive "n". */
    static JobType<JsonNode> counted() {
        return JobType.named("counted", JsonNode.class)
                .validator(p -> {
                    if (!p.path("n").canConvertToLong() || p.path("n").asLong() < 0) {
                        throw new IllegalArgumentException("payload.n must be a non-negative integer");
                    }
                })
                .build();
    }
}

package io.parley.push.socket.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.kernel.error.ParleyException;
import org.json.JSONArray;
import org.json.JSONObject;
import org.json.JSONString;
import org.json.JSONTokener;

/**
 * The one place where our JSON (Jackson, the same mapper as REST) meets the library's ({@code org.json}): every
 * payload crosses here as JSON text, so records, views and dates look on the socket exactly as they do over REST.
 */
final class JsonBridge {

    private final ObjectMapper mapper;

    JsonBridge(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * A Java object as the library sends it: a JSONObject, JSONArray, string, number, boolean or NULL. An object goes
     * as the JSON text Jackson wrote, without a parse, and so does text already written ({@link RawValue}, as a replay
     * sends thousands); the same result may be sent to any number of connections.
     */
    Object toWire(Object payload) {
        if (payload instanceof RawValue raw) {
            return new WrittenJson(raw.rawValue().toString());
        }
        try {
            String text = mapper.writeValueAsString(payload);
            return text.startsWith("{") ? new WrittenJson(text) : new JSONTokener(text).nextValue();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + payload.getClass().getName() + " as JSON", e);
        }
    }

    /** A value the library received, as a Jackson tree; a missing argument is JSON null. */
    JsonNode fromWire(Object received) {
        if (received instanceof byte[]) {
            throw ParleyException.validation("binary payloads are not accepted");
        }
        String json = received instanceof JSONObject || received instanceof JSONArray
                ? received.toString()
                : JSONObject.valueToString(received);
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw ParleyException.validation("payload is not valid JSON");
        }
    }

    /**
     * JSON text in the type the library accepts for an object argument. When the library writes its packet, org.json
     * takes a {@link JSONString} as the text it gives before looking at it as an object, so the text goes out whole.
     */
    private static final class WrittenJson extends JSONObject implements JSONString {

        private final String text;

        WrittenJson(String text) {
            this.text = text;
        }

        @Override
        public String toJSONString() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

package dev.vigil.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * JSON (de)serialisation of events with one agreed configuration, so every producer writes the same
 * bytes and every consumer tolerates fields added later.
 */
public final class EventJson {

  private static final ObjectMapper MAPPER = newMapper();

  private static final TypeReference<CloudEvent<JsonNode>> TREE_EVENT = new TypeReference<>() {};

  private EventJson() {}

  /**
   * A new mapper with the event configuration: ISO-8601 dates (not timestamps), nulls omitted,
   * unknown properties ignored (newer producers may add fields).
   */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }

  /** The shared mapper; thread-safe. Do not reconfigure it: use {@link #newMapper()} instead. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serialises an event to UTF-8 JSON (the Kafka record value). */
  public static byte[] write(CloudEvent<?> event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      // Only reachable with a payload Jackson cannot handle: a programming error.
      throw new IllegalStateException("cannot serialise event " + event.type(), e);
    }
  }

  /**
   * Reads an event without binding its data, so a consumer can look at {@code type} first.
   *
   * @throws IllegalArgumentException when the bytes are not a CloudEvents JSON envelope
   */
  public static CloudEvent<JsonNode> readTree(byte[] json) {
    try {
      return MAPPER.readValue(json, TREE_EVENT);
    } catch (IOException e) {
      // The cause's message may quote the input; keep it as the cause only.
      throw new IllegalArgumentException("not a CloudEvents JSON envelope", e);
    }
  }

  /**
   * Binds the data of an event read by {@link #readTree(byte[])} to a payload record.
   *
   * @throws IllegalArgumentException when the data does not fit {@code dataClass}
   */
  public static <T> T dataAs(CloudEvent<JsonNode> event, Class<T> dataClass) {
    if (event.data() == null || event.data().isNull()) {
      throw new IllegalArgumentException("event " + event.id() + " has no data");
    }
    try {
      return MAPPER.treeToValue(event.data(), dataClass);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "data of event " + event.id() + " is not a " + dataClass.getSimpleName(), e);
    }
  }

  /**
   * Reads an event and binds its data to the payload class of its type.
   *
   * @throws IllegalArgumentException when malformed or of a type unknown to this version
   */
  public static CloudEvent<Object> read(byte[] json) {
    CloudEvent<JsonNode> tree = readTree(json);
    return tree.withData(dataAs(tree, tree.eventType().dataClass()));
  }
}

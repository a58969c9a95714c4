package dev.vigil.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AsyncAPI document stays in step with {@link Topics} and {@link EventType}. */
class AsyncApiDocumentTest {

  private static final String DOCUMENT = "/dev/vigil/contracts/asyncapi.yaml";

  private static JsonNode doc;

  /** Channel id by address (= topic). */
  private static final Map<String, String> channelByTopic = new HashMap<>();

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = EventType.class.getResourceAsStream(DOCUMENT)) {
      assertThat(in).as(DOCUMENT).isNotNull();
      doc = new YAMLMapper().readTree(in);
    }
    doc.get("channels")
        .fields()
        .forEachRemaining(
            e -> channelByTopic.put(e.getValue().get("address").asText(), e.getKey()));
  }

  @Test
  void isAsyncApi3() {
    assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
  }

  @Test
  void everyTopicIsAChannelAndNothingElse() {
    assertThat(channelByTopic.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeIsAMessageOnItsTopicsChannel(EventType type) {
    String channel = channelByTopic.get(type.topic());
    assertThat(channel).as("channel of " + type.topic()).isNotNull();
    List<String> names = new ArrayList<>();
    doc.at("/channels/" + channel + "/messages")
        .forEach(ref -> names.add(resolve(ref).get("name").asText()));
    assertThat(names).contains(type.type());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void messagePayloadIsTheTypesSchema(EventType type) {
    JsonNode message = messageNamed(type.type());
    String ref = message.at("/payload/schema/$ref").asText();
    // Relative to the document's folder; must be the file EventType points to.
    assertThat("/dev/vigil/contracts/" + ref.substring(2)).isEqualTo(type.schemaResource());
    assertThat(EventType.class.getResource(type.schemaResource())).isNotNull();
    assertThat(message.at("/bindings/kafka/key")).isNotEmpty();
  }

  @Test
  void messagesAreExactlyTheEventTypes() {
    Set<String> names = new HashSet<>();
    doc.at("/components/messages").forEach(m -> names.add(m.get("name").asText()));
    Set<String> types = new HashSet<>();
    for (EventType t : EventType.values()) {
      types.add(t.type());
    }
    assertThat(names).isEqualTo(types);
  }

  @Test
  void everyChannelHasAProducerAndAConsumer() {
    for (String channel : channelByTopic.values()) {
      Set<String> actions = new HashSet<>();
      doc.get("operations")
          .forEach(
              op -> {
                if (op.at("/channel/$ref").asText().equals("#/channels/" + channel)) {
                  actions.add(op.get("action").asText());
                }
              });
      assertThat(actions).as(channel).containsExactlyInAnyOrder("send", "receive");
    }
  }

  @Test
  void everySentMessageIsSentBySomeProducer() {
    Set<String> sent = new HashSet<>();
    doc.get("operations")
        .forEach(
            op -> {
              if (op.get("action").asText().equals("send")) {
                op.get("messages").forEach(ref -> sent.add(resolve(ref).get("name").asText()));
              }
            });
    Set<String> types = new HashSet<>();
    for (EventType t : EventType.values()) {
      types.add(t.type());
    }
    assertThat(sent).isEqualTo(types);
  }

  private static JsonNode messageNamed(String name) {
    for (JsonNode m : doc.at("/components/messages")) {
      if (m.get("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no message named " + name);
  }

  /** Follows local {@code $ref}s ({@code #/a/b}) until a non-reference node. */
  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      assertThat(ref).startsWith("#/");
      current = doc.at(ref.substring(1));
      assertThat(current.isMissingNode()).as(ref).isFalse();
    }
    return current;
  }
}

package dev.vigil.repoconfig.events;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.repoconfig.support.Poll;
import dev.vigil.repoconfig.support.RepoTopic;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every connect, replace and delete produces exactly the matching {@code repo.*} events, one per
 * repository, on the real Kafka topic — read back by a plain consumer as another service would, and
 * checked against the contract's JSON Schema.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class RepoEventsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void connectReplaceAndDeleteEmitExactlyTheMatchingEvents() {
    Project p = Project.fresh();
    String token = Api.secret("ghp_goodEvents");
    String id =
        p.connect(
            Api.json(
                Map.of(
                    "platform",
                    "github",
                    "credentials",
                    Map.of("token", token),
                    "repositories",
                    List.of("acme/api", "acme/web"),
                    "serviceMappings",
                    List.of(
                        mapping("api", "acme/api", "src/"),
                        mapping("api-docs", "acme/api", "docs/"),
                        mapping("web", "acme/web", "")),
                    "lookbackDays",
                    14)));
    awaitMetadata(p, id);

    List<CloudEvent<JsonNode>> connected = events(id, 2);
    assertThat(connected).extracting(CloudEvent::type).containsOnly("repo.connected");
    RepoEvent api = data(connected, "acme/api");
    assertThat(api.connectionId()).isEqualTo(id);
    assertThat(api.projectId()).isEqualTo(p.project());
    assertThat(api.platform()).isEqualTo(RepoEvent.Platform.GITHUB);
    assertThat(api.defaultBranch()).isEqualTo("main");
    assertThat(api.lookbackDays()).isEqualTo(14);
    assertThat(api.serviceMappings())
        .containsExactly(
            new RepoEvent.ServiceMapping("api", "src/", "main"),
            new RepoEvent.ServiceMapping("api-docs", "docs/", "main"));
    assertThat(data(connected, "acme/web").serviceMappings())
        .containsExactly(new RepoEvent.ServiceMapping("web", "", "main"));
    assertThat(connected).allSatisfy(e -> assertThat(e.subject()).isEqualTo(id));
    assertThat(connected)
        .allSatisfy(e -> assertThat(e.tenantid()).isEqualTo(p.tenant().toString()));

    // Keep api, drop web, add worker.
    p.writer()
        .body(Api.github(token, "acme/api", "acme/worker"))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(200);
    awaitMetadata(p, id);
    List<CloudEvent<JsonNode>> afterPut = events(id, 5);
    assertThat(countByType(afterPut))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("repo.connected", 3L, "repo.updated", 1L, "repo.disconnected", 1L));
    assertThat(only(afterPut, "repo.updated").fullName()).isEqualTo("acme/api");
    assertThat(only(afterPut, "repo.disconnected").fullName()).isEqualTo("acme/web");
    assertThat(only(afterPut, "repo.disconnected").serviceMappings()).isNull();
    assertThat(data(afterPut.subList(2, 5), "acme/worker").serviceMappings())
        .containsExactly(new RepoEvent.ServiceMapping("worker", "", "main"));

    p.writer().delete(REPOS + "/" + id).then().statusCode(200);
    List<CloudEvent<JsonNode>> all = events(id, 7);
    assertThat(countByType(all))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("repo.connected", 3L, "repo.updated", 1L, "repo.disconnected", 3L));
    assertThat(
            all.subList(5, 7).stream()
                .map(e -> EventJson.dataAs(e, RepoEvent.class).fullName())
                .toList())
        .containsExactlyInAnyOrder("acme/api", "acme/worker");
  }

  @Test
  void metadataThatChangesTheDefaultBranchEmitsRepoUpdated() {
    Project p = Project.fresh();
    // svc-dev: mapped to main, but the platform says develop. plain: no mapping, platform says
    // main.
    String id =
        p.connect(
            Api.json(
                Map.of(
                    "platform",
                    "github",
                    "credentials",
                    Map.of("token", Api.secret("ghp_good")),
                    "repositories",
                    List.of("acme/svc-dev", "acme/plain"),
                    "serviceMappings",
                    List.of(mapping("svc", "acme/svc-dev", "")))));
    awaitMetadata(p, id);
    List<CloudEvent<JsonNode>> events = events(id, 4);
    assertThat(countByType(events))
        .containsExactlyInAnyOrderEntriesOf(Map.of("repo.connected", 2L, "repo.updated", 2L));
    Map<String, String> connectedBranches = branches(events, "repo.connected");
    assertThat(connectedBranches).containsEntry("acme/svc-dev", "main");
    assertThat(connectedBranches).containsEntry("acme/plain", null);
    assertThat(branches(events, "repo.updated"))
        .containsEntry("acme/svc-dev", "develop")
        .containsEntry("acme/plain", "main");
  }

  @Test
  void gitLabPathsOfUpTo1024CharactersTravelInSchemaValidEvents() {
    // GitLab nests subgroups up to 20 deep and allows full paths of up to 1024 characters.
    String longest =
        String.join("/", "g".repeat(255), "s".repeat(255), "t".repeat(255), "u".repeat(254), "p");
    assertThat(longest).hasSize(1024);
    Project p = Project.fresh();
    String id =
        p.connect(
            Api.body("gitlab", Map.of("token", Api.secret("glpat-good")), List.of(longest), false));
    awaitMetadata(p, id);
    // The fetched default branch, if the fake platform knows one, is announced as repo.updated.
    boolean branchFetched =
        p.reader().get(REPOS + "/" + id).jsonPath().getString("data.repositories[0].defaultBranch")
            != null;
    p.writer().delete(REPOS + "/" + id).then().statusCode(200);
    List<CloudEvent<JsonNode>> events = events(id, branchFetched ? 3 : 2);
    assertThat(countByType(events))
        .containsEntry("repo.connected", 1L)
        .containsEntry("repo.disconnected", 1L);
    assertThat(events)
        .allSatisfy(
            e -> assertThat(EventJson.dataAs(e, RepoEvent.class).fullName()).isEqualTo(longest));
  }

  private List<CloudEvent<JsonNode>> events(String key, int expected) {
    List<ConsumerRecord<String, byte[]>> records =
        RepoTopic.records(bootstrapServers, Set.of(key), expected, TIMEOUT, SETTLE);
    assertThat(records).hasSize(expected);
    return records.stream()
        .map(
            r -> {
              String payload = new String(r.value(), StandardCharsets.UTF_8);
              CloudEvent<JsonNode> event = EventJson.readTree(r.value());
              assertThat(r.key()).isEqualTo(key);
              assertThat(event.source()).isEqualTo("/vigil/repo-config-service");
              assertThat(schemaErrors(event.type(), payload)).isEmpty();
              assertThat(payload).doesNotContain("ghp_").doesNotContain("token");
              return event;
            })
        .toList();
  }

  private static RepoEvent data(List<CloudEvent<JsonNode>> events, String fullName) {
    return events.stream()
        .map(e -> EventJson.dataAs(e, RepoEvent.class))
        .filter(d -> d.fullName().equals(fullName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no event for " + fullName));
  }

  private static RepoEvent only(List<CloudEvent<JsonNode>> events, String type) {
    List<RepoEvent> matching =
        events.stream()
            .filter(e -> e.type().equals(type))
            .map(e -> EventJson.dataAs(e, RepoEvent.class))
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static Map<String, Long> countByType(List<CloudEvent<JsonNode>> events) {
    return events.stream().collect(Collectors.groupingBy(CloudEvent::type, Collectors.counting()));
  }

  private static Map<String, String> branches(List<CloudEvent<JsonNode>> events, String type) {
    Map<String, String> branches = new java.util.HashMap<>();
    events.stream()
        .filter(e -> e.type().equals(type))
        .map(e -> EventJson.dataAs(e, RepoEvent.class))
        .forEach(d -> branches.put(d.fullName(), d.defaultBranch()));
    return branches;
  }

  private static Map<String, String> mapping(String service, String repo, String prefix) {
    return Map.of(
        "serviceName", service, "repo", repo, "pathPrefix", prefix, "defaultBranch", "main");
  }

  private static void awaitMetadata(Project p, String id) {
    Poll.until(
        () -> p.reader().get(REPOS + "/" + id).jsonPath(),
        (JsonPath v) -> !v.getList("data.repositories.metadataFetchedAt").contains(null),
        TIMEOUT);
  }

  private static List<String> schemaErrors(String type, String payload) {
    EventType eventType = EventType.fromType(type);
    try (InputStream schema = EventType.class.getResourceAsStream(eventType.schemaResource())) {
      JsonSchema validator =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
              .getSchema(
                  schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
      return validator.validate(JSON.readTree(payload)).stream().map(m -> m.getMessage()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

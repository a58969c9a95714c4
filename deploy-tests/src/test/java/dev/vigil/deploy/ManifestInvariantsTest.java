package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every rendered overlay must keep, read through the fabric8 Kubernetes model. */
class ManifestInvariantsTest {

  /** The five services and the services (besides the gateway) that call each backend. */
  static final Map<String, List<String>> CALLERS =
      Map.of(
          "sync-service", List.of(),
          "scanning-service", List.of(),
          "secrets-service", List.of(),
          "repo-config-service", List.of("scanning-service", "secrets-service", "sync-service"));

  static final List<String> SERVICES =
      List.of(
          "gateway-service",
          "sync-service",
          "scanning-service",
          "secrets-service",
          "repo-config-service");

  /**
   * Settings a service needs in production whose defaults only fit a laptop, beyond those found in
   * its properties files (see {@link #devOnlyDefaults}): documented as required in each README.
   */
  static final Map<String, List<String>> REQUIRED_IN_PRODUCTION =
      Map.of(
          "gateway-service",
          List.of(
              "VIGIL_GATEWAY_TOKEN_PEPPER",
              "VIGIL_GATEWAY_SIGNING_KEK",
              "VIGIL_GATEWAY_BACKENDS_SYNC",
              "VIGIL_GATEWAY_BACKENDS_SCANNING",
              "VIGIL_GATEWAY_BACKENDS_SECRETS",
              "VIGIL_GATEWAY_BACKENDS_REPO_CONFIG",
              "VIGIL_GATEWAY_SERVICE_CLIENTS_SYNC_SERVICE",
              "VIGIL_GATEWAY_SERVICE_CLIENTS_SCANNING_SERVICE",
              "VIGIL_GATEWAY_SERVICE_CLIENTS_SECRETS_SERVICE"),
          "sync-service",
          withIdentity("VIGIL_SYNC_POLLING_REPO_CONFIG_URL"),
          "scanning-service",
          withIdentity("VIGIL_REPO_LOOKUP_REPO_CONFIG_URL"),
          "secrets-service",
          withIdentity(
              "VIGIL_REPO_LOOKUP_REPO_CONFIG_URL",
              "VIGIL_SECRETS_VALIDITY_GATEWAY_URL",
              "VIGIL_SECRETS_INCIDENTS_HASH_KEY"));

  /**
   * The backends that call repo-config as themselves need their identity at the gateway (without it
   * GitHub-polled sync, repository lookup and repository scans are off).
   */
  private static List<String> withIdentity(String... more) {
    List<String> keys =
        new java.util.ArrayList<>(
            List.of(
                "VIGIL_SERVICE_IDENTITY_TOKEN_URL",
                "VIGIL_SERVICE_IDENTITY_CLIENT_ID",
                "VIGIL_SERVICE_IDENTITY_CLIENT_SECRET"));
    keys.addAll(List.of(more));
    return keys;
  }

  static final String METRICS_SCRAPE_POLICY = "vigil-allow-metrics-scrape";

  /** repo-config's key-encryption keys come as a whole Secret (key ids are part of the names). */
  static final Map<String, String> REQUIRED_SECRET_ENV_FROM =
      Map.of("repo-config-service", "vigil-repo-config-kek");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyServiceHasADeploymentWithProbesLimitsAndANonRootReadOnlyContainer(String overlay) {
    Map<String, Deployment> deployments = deployments(overlay);
    assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
    for (Deployment deployment : deployments.values()) {
      String name = deployment.getMetadata().getName();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isPositive();
      assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
      for (Container container : pod.getContainers()) {
        String what = name + "/" + container.getName();
        assertProbe(what, container.getStartupProbe(), "/q/health/started");
        assertProbe(what, container.getReadinessProbe(), "/q/health/ready");
        assertProbe(what, container.getLivenessProbe(), "/q/health/live");
        assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).as(what).containsKeys("cpu", "memory");
        var security = container.getSecurityContext();
        assertThat(security.getReadOnlyRootFilesystem()).as(what).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).as(what).isFalse();
        assertThat(security.getCapabilities().getDrop()).as(what).contains("ALL");
        // A read-only root needs a writable /tmp, and it must be a volume of the pod.
        var tmp =
            container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst();
        assertThat(tmp).as(what + " mounts /tmp").isPresent();
        assertThat(pod.getVolumes())
            .as(what)
            .anyMatch(v -> v.getName().equals(tmp.get().getName()) && v.getEmptyDir() != null);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyServiceHasAServiceAnAutoscalerAndADisruptionBudget(String overlay) {
    Map<String, Deployment> deployments = deployments(overlay);
    Set<String> services = names(Manifests.all(overlay, Service.class));
    Map<String, HorizontalPodAutoscaler> autoscalers =
        byName(Manifests.all(overlay, HorizontalPodAutoscaler.class));
    Map<String, PodDisruptionBudget> budgets =
        byName(Manifests.all(overlay, PodDisruptionBudget.class));
    for (String name : SERVICES) {
      assertThat(services).contains(name);
      HorizontalPodAutoscaler hpa = autoscalers.get(name);
      assertThat(hpa).as(name + " HPA").isNotNull();
      assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
      assertThat(hpa.getSpec().getMaxReplicas())
          .isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
      PodDisruptionBudget pdb = budgets.get(name);
      assertThat(pdb).as(name + " PDB").isNotNull();
      assertThat(pdb.getSpec().getSelector().getMatchLabels())
          .isEqualTo(deployments.get(name).getSpec().getSelector().getMatchLabels());
      if (overlay.equals("prod")) {
        assertThat(deployments.get(name).getSpec().getReplicas())
            .as(name)
            .isGreaterThanOrEqualTo(3);
        assertThat(hpa.getSpec().getMinReplicas()).as(name).isGreaterThanOrEqualTo(3);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).as(name).isGreaterThanOrEqualTo(2);
        var antiAffinity =
            deployments
                .get(name)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAntiAffinity();
        assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution())
            .as(name + " anti-affinity")
            .singleElement()
            .satisfies(
                term ->
                    assertThat(term.getLabelSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/name", name));
      } else {
        assertThat(deployments.get(name).getSpec().getReplicas()).as(name).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyEventContractsTopicHasAKafkaTopicOnTheKafkaCluster(String overlay) {
    List<GenericKubernetesResource> topics = custom(overlay, "KafkaTopic");
    Map<String, GenericKubernetesResource> byTopic = new HashMap<>();
    for (GenericKubernetesResource topic : topics) {
      Map<String, Object> spec = spec(topic);
      byTopic.put((String) spec.getOrDefault("topicName", topic.getMetadata().getName()), topic);
    }
    assertThat(byTopic.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    String kafka = custom(overlay, "Kafka").getFirst().getMetadata().getName();
    int nodes =
        ((Number) spec(custom(overlay, "KafkaNodePool").getFirst()).get("replicas")).intValue();
    for (var entry : byTopic.entrySet()) {
      Map<String, Object> spec = spec(entry.getValue());
      assertThat(entry.getValue().getMetadata().getLabels())
          .as(entry.getKey())
          .containsEntry("strimzi.io/cluster", kafka);
      assertThat(spec.get("partitions")).as(entry.getKey()).isEqualTo(Topics.PARTITIONS);
      assertThat(((Number) spec.get("replicas")).intValue()).as(entry.getKey()).isEqualTo(nodes);
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) spec.get("config");
      assertThat(config)
          .as(entry.getKey() + ": retention.ms or compaction")
          .satisfiesAnyOf(
              c -> assertThat(c).containsKey("retention.ms"),
              c -> assertThat(c).containsEntry("cleanup.policy", "compact"));
      assertThat(((Number) config.get("min.insync.replicas")).intValue())
          .as(entry.getKey())
          .isLessThan(Math.max(2, nodes));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyTheGatewayIsReachableFromOutsideAndEachBackendOnlyFromItsCallers(String overlay) {
    Map<String, Deployment> deployments = deployments(overlay);
    List<NetworkPolicy> policies = new ArrayList<>(Manifests.all(overlay, NetworkPolicy.class));
    // The one exception: Prometheus's namespace may scrape metrics (checked on its own below).
    NetworkPolicy scrape =
        policies.stream()
            .filter(p -> p.getMetadata().getName().equals(METRICS_SCRAPE_POLICY))
            .findFirst()
            .orElseThrow();
    policies.remove(scrape);
    assertThat(scrape.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        peer -> {
                          assertThat(peer.getNamespaceSelector().getMatchLabels()).isNotEmpty();
                          assertThat(peer.getPodSelector()).isNull();
                        }));
    for (String name : SERVICES) {
      Map<String, String> podLabels =
          deployments.get(name).getSpec().getTemplate().getMetadata().getLabels();
      List<NetworkPolicy> selecting =
          policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), podLabels)).toList();
      assertThat(selecting).as(name + " is selected by a NetworkPolicy").isNotEmpty();
      int httpPort = httpPort(deployments.get(name));
      boolean open = false;
      Set<String> admitted = new HashSet<>();
      for (NetworkPolicy policy : selecting) {
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
          boolean coversHttp =
              rule.getPorts() == null
                  || rule.getPorts().isEmpty()
                  || rule.getPorts().stream()
                      .anyMatch(
                          p ->
                              "http".equals(p.getPort().getStrVal())
                                  || Objects.equals(p.getPort().getIntVal(), httpPort));
          if (!coversHttp) {
            continue;
          }
          if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
            open = true;
            continue;
          }
          for (NetworkPolicyPeer peer : rule.getFrom()) {
            if (peer.getNamespaceSelector() != null || peer.getIpBlock() != null) {
              // Another namespace or address range is "outside".
              admitted.add("outside:" + peer);
              continue;
            }
            deployments.forEach(
                (other, d) -> {
                  if (selects(
                      peer.getPodSelector(), d.getSpec().getTemplate().getMetadata().getLabels())) {
                    admitted.add(other);
                  }
                });
          }
        }
      }
      if (name.equals("gateway-service")) {
        assertThat(open).as("the gateway's public port is open to the ingress").isTrue();
      } else {
        assertThat(open).as(name + " open to everyone").isFalse();
        Set<String> allowed = new HashSet<>(CALLERS.get(name));
        allowed.add("gateway-service");
        assertThat(admitted).as(name + " admits").isEqualTo(allowed);
      }
    }
    // The gateway's management port (JWKS, /oauth/token): backends only, never the world.
    NetworkPolicy gateway = byName(policies).get("gateway-service");
    for (NetworkPolicyIngressRule rule : gateway.getSpec().getIngress()) {
      boolean management =
          rule.getPorts().stream()
              .anyMatch(
                  p ->
                      "management".equals(p.getPort().getStrVal())
                          || Integer.valueOf(9080).equals(p.getPort().getIntVal()));
      if (management) {
        assertThat(rule.getFrom()).as("management port peers").isNotEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theIngressRoutesToTheGatewaysPublicPortOnly(String overlay) {
    List<Ingress> ingresses = Manifests.all(overlay, Ingress.class);
    assertThat(ingresses).hasSize(1);
    var paths =
        ingresses.getFirst().getSpec().getRules().stream()
            .flatMap(r -> r.getHttp().getPaths().stream())
            .toList();
    assertThat(paths)
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.getBackend().getService().getName()).isEqualTo("gateway-service");
              assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void noSecretIsWrittenDownOnlyReferenced(String overlay) {
    assertThat(Manifests.all(overlay, Secret.class)).as("Secrets in the manifests").isEmpty();
    for (ConfigMap map : Manifests.all(overlay, ConfigMap.class)) {
      map.getData()
          .forEach(
              (key, value) ->
                  assertThat(key.endsWith("_URL") ? "" : key) // an address, e.g. TOKEN_URL
                      .as(map.getMetadata().getName() + " holds a secret-looking key " + key)
                      .doesNotContainIgnoringCase("password")
                      .doesNotContainIgnoringCase("pepper")
                      .doesNotContainIgnoringCase("kek")
                      .doesNotContainIgnoringCase("token")
                      .doesNotContainIgnoringCase("client_secret"));
    }
    for (Deployment deployment : deployments(overlay).values()) {
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        for (EnvVar env : container.getEnv()) {
          if (env.getName().matches(".*(PASSWORD|PEPPER|KEK|TOKEN|SECRET).*")) {
            assertThat(env.getValue()).as(env.getName() + " is a literal").isNull();
            assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everySettingAServiceNeedsInProductionIsSetAndPointsAtSomethingThatExists(String overlay)
      throws IOException {
    Map<String, ConfigMap> configMaps = byName(Manifests.all(overlay, ConfigMap.class));
    Map<String, Service> services = byName(Manifests.all(overlay, Service.class));
    Map<String, Object> cluster = spec(custom(overlay, "Cluster").getFirst());
    String clusterName = custom(overlay, "Cluster").getFirst().getMetadata().getName();
    Map<String, String> databaseOwners = new HashMap<>();
    for (GenericKubernetesResource database : custom(overlay, "Database")) {
      databaseOwners.put((String) spec(database).get("name"), (String) spec(database).get("owner"));
    }
    Map<String, String> rolePasswordSecrets = new HashMap<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> roles =
        (List<Map<String, Object>>) ((Map<String, Object>) cluster.get("managed")).get("roles");
    for (Map<String, Object> role : roles) {
      @SuppressWarnings("unchecked")
      Map<String, Object> secret = (Map<String, Object>) role.get("passwordSecret");
      rolePasswordSecrets.put((String) role.get("name"), (String) secret.get("name"));
    }
    GenericKubernetesResource kafka = custom(overlay, "Kafka").getFirst();
    @SuppressWarnings("unchecked")
    var listeners =
        (List<Map<String, Object>>)
            ((Map<String, Object>) spec(kafka).get("kafka")).get("listeners");
    Set<String> bootstrap =
        listeners.stream()
            .filter(l -> Boolean.FALSE.equals(l.get("tls")))
            .map(l -> kafka.getMetadata().getName() + "-kafka-bootstrap:" + l.get("port"))
            .collect(Collectors.toSet());

    for (Deployment deployment : deployments(overlay).values()) {
      String name = deployment.getMetadata().getName();
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
      Map<String, String> values = new LinkedHashMap<>();
      Map<String, String> secretRefs = new LinkedHashMap<>();
      Set<String> secretEnvFrom = new HashSet<>();
      for (EnvFromSource from : container.getEnvFrom()) {
        if (from.getConfigMapRef() != null) {
          ConfigMap map = configMaps.get(from.getConfigMapRef().getName());
          assertThat(map)
              .as(name + " envFrom ConfigMap " + from.getConfigMapRef().getName())
              .isNotNull();
          values.putAll(map.getData());
        }
        if (from.getSecretRef() != null) {
          secretEnvFrom.add(from.getSecretRef().getName());
        }
      }
      for (EnvVar env : container.getEnv()) {
        if (env.getValue() != null) {
          values.put(env.getName(), env.getValue());
        } else if (env.getValueFrom().getSecretKeyRef() != null) {
          secretRefs.put(env.getName(), env.getValueFrom().getSecretKeyRef().getName());
        }
      }
      Set<String> set = new HashSet<>(values.keySet());
      set.addAll(secretRefs.keySet());
      assertThat(set).as(name).containsAll(devOnlyDefaults(name));
      assertThat(set).as(name).containsAll(REQUIRED_IN_PRODUCTION.getOrDefault(name, List.of()));
      if (REQUIRED_SECRET_ENV_FROM.containsKey(name)) {
        assertThat(secretEnvFrom).as(name).contains(REQUIRED_SECRET_ENV_FROM.get(name));
      }

      // ... and each points at something these manifests create.
      URI jdbc = URI.create(values.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
      URI reactive = URI.create(values.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
      String user = values.get("QUARKUS_DATASOURCE_USERNAME");
      for (URI db : List.of(jdbc, reactive)) {
        assertThat(db.getHost()).as(name).isEqualTo(clusterName + "-rw");
        assertThat(databaseOwners).as(name).containsEntry(db.getPath().substring(1), user);
      }
      assertThat(rolePasswordSecrets)
          .as(name + ": its password Secret is the one CloudNativePG sets for its role")
          .containsEntry(user, secretRefs.get("QUARKUS_DATASOURCE_PASSWORD"));
      assertThat(bootstrap).as(name).contains(values.get("KAFKA_BOOTSTRAP_SERVERS"));
      values.forEach(
          (key, value) -> {
            if (value.startsWith("http://")) {
              URI uri = URI.create(value);
              Service target = services.get(uri.getHost());
              assertThat(target).as(name + " " + key + " names a Service").isNotNull();
              assertThat(target.getSpec().getPorts().stream().map(ServicePort::getPort))
                  .as(name + " " + key)
                  .contains(uri.getPort());
            }
            assertThat(value).as(name + " " + key).doesNotContain("localhost", "127.0.0.1");
          });
    }
  }

  /** A platform engineer finds every Secret the manifests reference in the deployment guide. */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyReferencedSecretIsDocumentedInTheDeploymentGuide(String overlay) throws IOException {
    String guide = Files.readString(Manifests.root().resolve("docs/DEPLOYMENT.md"));
    Set<String> referenced = new TreeSet<>();
    for (JsonNode document : Manifests.rendered(overlay)) {
      collectSecretNames(document, referenced);
    }
    assertThat(referenced)
        .as("Secrets referenced in " + overlay)
        .contains(
            "vigil-gateway-secrets",
            "vigil-repo-config-kek",
            "vigil-secrets-hash-key",
            "vigil-service-clients",
            "vigil-db-gateway");
    for (String secret : referenced) {
      assertThat(guide)
          .as("docs/DEPLOYMENT.md names Secret " + secret)
          .contains("`" + secret + "`");
    }
  }

  /** Names under secretKeyRef, secretRef, passwordSecret, s3 credentials and TLS. */
  private static void collectSecretNames(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                  case "secretKeyRef", "secretRef", "passwordSecret" ->
                      names.add(value.path("name").asText());
                  case "accessKeyId", "secretAccessKey" -> names.add(value.path("name").asText());
                  case "secretName" -> names.add(value.asText());
                  default -> collectSecretNames(value, names);
                }
              });
    } else if (node.isArray()) {
      node.forEach(item -> collectSecretNames(item, names));
    }
  }

  /**
   * Environment variable names of the settings whose defaults in the service's own
   * application.properties or in service-kit's shared defaults only work on a laptop: a local
   * address, or a {@code ${VAR:default}} fallback (the dev database password); an empty fallback
   * ({@code ${VIGIL_HOME:}}, the dev bootstrap) is off by default and stays unset.
   */
  static Set<String> devOnlyDefaults(String service) throws IOException {
    Path root = Manifests.root();
    Properties properties = new Properties();
    for (Path file :
        List.of(
            root.resolve(
                "libs/service-kit/src/main/resources/META-INF/microprofile-config.properties"),
            root.resolve(service).resolve("src/main/resources/application.properties"))) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
    }
    Pattern devOnly = Pattern.compile("localhost|127\\.0\\.0\\.1|\\$\\{[A-Z_]+:[^}]");
    Set<String> names = new HashSet<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.startsWith("%") && devOnly.matcher(properties.getProperty(key)).find()) {
        names.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
      }
    }
    assertThat(names).as(service + ": the scan finds the database URL").isNotEmpty();
    return names;
  }

  static void assertProbe(String what, Probe probe, String path) {
    assertThat(probe).as(what + " probe " + path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
  }

  static boolean selects(
      io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> match = selector.getMatchLabels();
    if (match != null && !labels.entrySet().containsAll(match.entrySet())) {
      return false;
    }
    if (selector.getMatchExpressions() != null) {
      for (var expression : selector.getMatchExpressions()) {
        String value = labels.get(expression.getKey());
        boolean in = value != null && expression.getValues().contains(value);
        boolean ok =
            switch (expression.getOperator()) {
              case "In" -> in;
              case "NotIn" -> !in;
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              default -> throw new AssertionError("operator " + expression.getOperator());
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  static int httpPort(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getPorts()
        .stream()
        .filter(p -> p.getName().equals("http"))
        .findFirst()
        .orElseThrow()
        .getContainerPort();
  }

  static Map<String, Deployment> deployments(String overlay) {
    return byName(Manifests.all(overlay, Deployment.class));
  }

  static List<GenericKubernetesResource> custom(String overlay, String kind) {
    List<GenericKubernetesResource> found =
        Manifests.all(overlay, GenericKubernetesResource.class).stream()
            .filter(r -> r.getKind().equals(kind))
            .toList();
    assertThat(found).as(overlay + " " + kind).isNotEmpty();
    return found;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
    Map<String, T> map = new LinkedHashMap<>();
    objects.forEach(o -> map.put(o.getMetadata().getName(), o));
    return map;
  }

  static Set<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
  }
}

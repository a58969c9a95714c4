package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TestInfraKafkaTest {

  @Test
  void everyVigilTopicExistsWithItsPartitions() throws Exception {
    try (Admin admin =
        Admin.create(KafkaBrokerProcess.adminConfig(TestInfra.kafkaBootstrapServers()))) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(Topics.ALL).allTopicNames().get(10, TimeUnit.SECONDS);
      assertThat(topics).containsOnlyKeys(Topics.ALL);
      topics.values().forEach(t -> assertThat(t.partitions()).hasSize(Topics.PARTITIONS));
    }
  }

  @Test
  void producedRecordIsConsumedByAGroup() throws Exception {
    String bootstrap = TestInfra.kafkaBootstrapServers();
    String key = UUID.randomUUID().toString();
    try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
      producer.send(new ProducerRecord<>(Topics.ALERTS, key, "hello")).get(10, TimeUnit.SECONDS);
    }
    try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.ALERTS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      ConsumerRecord<String, String> found = null;
      while (found == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(r.key())) {
            found = r;
          }
        }
      }
      assertThat(found).isNotNull();
      assertThat(found.value()).isEqualTo("hello");
    }
  }
}

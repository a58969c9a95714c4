package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class KafkaRestartTest {

  @Test
  void brokerKilledAndRestartedServesTheSameAddress() throws Exception {
    TestInfra.ensureStarted();
    assumeTrue(TestInfra.kafkaIsControllable(), "Kafka is not the embedded broker");
    String bootstrap = TestInfra.kafkaBootstrapServers();
    String topic = "testkit.restart." + UUID.randomUUID();
    KafkaBrokerProcess.ensureTopics(bootstrap, List.of(topic), 1, Duration.ofSeconds(30));

    KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap);
    try {
      producer.send(new ProducerRecord<>(topic, "k", "before")).get(10, TimeUnit.SECONDS);

      TestInfra.killKafka();

      long t0 = System.nanoTime();
      assertThatThrownBy(
              () ->
                  producer.send(new ProducerRecord<>(topic, "k", "lost")).get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    } finally {
      producer.close(Duration.ZERO);
    }

    TestInfra.restartKafka();
    assertThat(TestInfra.kafkaBootstrapServers()).isEqualTo(bootstrap);

    try (KafkaProducer<String, String> again = KafkaClients.producer(bootstrap)) {
      again.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS);
    }
    try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<String> values =
          KafkaClients.poll(consumer, 2, Duration.ofSeconds(30)).stream()
              .map(ConsumerRecord::value)
              .toList();
      // "before" was acknowledged by the killed broker and survived on disk.
      assertThat(values).containsExactly("before", "after");
    }
  }
}

package io.infergate.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone on the cluster bus can register a consumer on a gateway's view address and get its share
 * of the changes sent there (the bus hands requests to the consumers in turn). A consumer that
 * swallows a change and acknowledges it without the cluster's key must not make a write count as
 * applied on that gateway: after every acknowledged write, the other node serves it.
 */
class ForgedAcknowledgmentTest {

  @TempDir
  Path conf;

  @Test
  void aChangeAcknowledgedWithoutTheKeyIsDeliveredAgainUntilTheGatewayItselfAppliesIt() {
    try (TestCluster cluster = TestCluster.start(2, conf)) {
      HttpApi writer = cluster.http(0).as(TestUsers.ADMIN);
      HttpApi reader = cluster.http(1).as(TestUsers.ADMIN);
      UUID second = cluster.hazelcast(1).getCluster().getLocalMember().getUuid();
      AtomicInteger swallowed = new AtomicInteger();
      // Registered from the first node's bus: another member's consumer on the second node's view address.
      MessageConsumer<Object> impostor = cluster.node(0).vertx().eventBus().consumer(Addresses.view(second),
          message -> {
            swallowed.incrementAndGet();
            message.reply(true);
          });
      TestCluster.await(impostor.completion());
      assertThat(writer.put("/_inference/sparse_embedding/acked", Endpoints.huggingFace()).status()).isEqualTo(200);
      for (int round = 1; round <= 10; round++) {
        String timeout = round + "s";
        assertThat(writer.put("/_inference/sparse_embedding/acked/_update",
            new JsonObject().put("task_settings", new JsonObject().put("timeout", timeout))).status()).isEqualTo(200);
        assertThat(reader.get("/_inference/acked").json().getJsonArray("endpoints").getJsonObject(0)
            .getJsonObject("task_settings").getString("timeout")).as("round %d", round).isEqualTo(timeout);
      }
      assertThat(swallowed.get()).as("the impostor got changes").isPositive();
      TestCluster.await(impostor.unregister());
    }
  }
}

package io.infergate.inference.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.TestSecrets;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only demand reports tagged with the cluster's key take a share of a limit. */
class DemandExchangeUnitTest {

  private final Vertx vertx = Vertx.vertx();
  private final DemandSeal seal = new DemandSeal(TestSecrets.clusterSecret(), List.of());
  private final DemandExchange exchange = new DemandExchange(vertx, "a", () -> List.of("a"),
      TrafficSettings.fromJson(new JsonObject()), seal);

  @AfterEach
  void stop() {
    exchange.stop();
    vertx.close();
  }

  @Test
  void anUntaggedOrWronglyTaggedReportTakesNoShareATaggedOneDoes() {
    exchange.start(Map.of());
    JsonObject report = new JsonObject().put("node", "made-up").put("demand", new JsonObject().put("limited", 6000.0));
    DemandSeal otherCluster = new DemandSeal(new byte[32], List.of());
    for (int i = 0; i < 20; i++) {
      vertx.eventBus().publish(DemandExchange.ADDRESS, report);
      vertx.eventBus().publish(DemandExchange.ADDRESS, report,
          new DeliveryOptions().addHeader(DemandSeal.HEADER, otherCluster.tag(report.encode())));
    }
    Conditions.holds(Duration.ofSeconds(1), "the whole limit stays this node's", () -> exchange.shareOf("limited", 600) == 600);

    vertx.eventBus().publish(DemandExchange.ADDRESS, report,
        new DeliveryOptions().addHeader(DemandSeal.HEADER, seal.tag(report.encode())));
    Conditions.await(Duration.ofSeconds(5), "a tagged report shares the limit", () -> exchange.shareOf("limited", 600) < 600);
  }
}

package io.infergate.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.TestSecrets;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of hostile requests and event-bridge frames against one node, as a hostile client would
 * send them: no answer is a 5xx, none hangs, every bridge frame is refused, every request that would change the registry is refused and changes
 * nothing (no endpoint, no revision, no event), no smuggled request is served, and the node still
 * serves legitimate requests at the end. It prints its counts.
 */
class HostileInputSuiteTest {

  @TempDir
  Path conf;

  @Test
  void hostileRequestsGetNoServerErrorAndChangeNothing() {
    try (TestCluster cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .httpSettings(new JsonObject().put("read_timeout_ms", 2_000).put("idle_timeout_seconds", 3))
        .eventSettings(new JsonObject().put("bridge_port", 0).put("bridge_auth_timeout_seconds", 2))) {
      cluster.startNode(0);
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      assertThat(admin.put("/_inference/sparse_embedding/" + HostileHttpCases.VICTIM, Endpoints.huggingFace()).status())
          .isEqualTo(200);
      String before = admin.get("/_inference/_all").body();
      long eventsBefore = newestEvent(cluster);

      List<HostileHttpCases.Case> cases = new HostileHttpCases(TestUsers.ADMIN, TestUsers.READER, TestUsers.PASSWORD).all();
      assertThat(new HashSet<>(cases.stream().map(HostileHttpCases.Case::name).toList())).as("distinct case names")
          .hasSize(cases.size());
      assertThat(cases).hasSizeGreaterThanOrEqualTo(300);

      Map<String, Integer> counts = new TreeMap<>();
      List<String> wrong = new ArrayList<>();
      for (HostileHttpCases.Case c : cases) {
        RawExchange.Outcome outcome = RawExchange.send(cluster.node(0).httpPort(), c.request());
        counts.merge(outcome.kind(), 1, Integer::sum);
        String problem = problem(c, outcome);
        if (problem != null) {
          wrong.add(c.name() + ": " + problem);
        }
      }
      System.out.println("hostile HTTP suite: " + cases.size() + " cases, outcomes " + counts + ", wrong " + wrong.size());

      List<HostileBridgeCases.Case> frames = new HostileBridgeCases(TestUsers.ADMIN, TestUsers.PASSWORD).all();
      Map<String, Integer> bridgeCounts = new TreeMap<>();
      for (HostileBridgeCases.Case c : frames) {
        BridgeExchange.Outcome outcome = BridgeExchange.send(cluster.node(0).eventBridgePort(), c.bytes());
        bridgeCounts.merge(outcome.kind(), 1, Integer::sum);
        if (!outcome.kind().equals("err") && !outcome.kind().equals("closed")) {
          wrong.add("bridge " + c.name() + ": " + outcome);
        }
      }
      System.out.println("hostile bridge suite: " + frames.size() + " cases, outcomes " + bridgeCounts);
      assertThat(cases.size() + frames.size()).as("distinct hostile cases").isGreaterThanOrEqualTo(300);

      assertThat(wrong).as("cases answered wrongly").isEmpty();
      assertThat(admin.get("/_inference/_all").body()).as("the registry after the hostile requests").isEqualTo(before);
      assertThat(newestEvent(cluster)).as("no change event").isEqualTo(eventsBefore);

      // Still serving: a subscriber on the bridge, then a legitimate write, read and delete.
      assertThat(BridgeExchange.send(cluster.node(0).eventBridgePort(), HostileBridgeCases.frame(new JsonObject()
          .put("type", "register").put("address", "infergate.events").put("headers", new JsonObject()
              .put("authorization", cluster.http(0).as(TestUsers.ADMIN).basicAuthorization())).encode())).kind())
          .as("a legitimate registration, answered by the pong after it").isEqualTo("pong");
      assertThat(admin.put("/_inference/sparse_embedding/after-the-storm", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(admin.get("/_inference/after-the-storm").status()).isEqualTo(200);
      assertThat(admin.delete("/_inference/after-the-storm").status()).isEqualTo(200);
    }
  }

  private static String problem(HostileHttpCases.Case c, RawExchange.Outcome outcome) {
    if (outcome.hung()) {
      return "no answer and the connection stayed open";
    }
    if (outcome.status() >= 500) {
      return "answered " + outcome.status();
    }
    if (c.mustBeRefused() && outcome.status() >= 200 && outcome.status() < 300) {
      return "accepted (" + outcome.status() + ")";
    }
    if (c.smuggles() && outcome.secondResponse()) {
      return "served the request smuggled behind it";
    }
    return null;
  }

  private static long newestEvent(TestCluster cluster) {
    return cluster.hazelcast(0).getRingbuffer(TestSecrets.ENDPOINTS.eventLog()).tailSequence();
  }
}

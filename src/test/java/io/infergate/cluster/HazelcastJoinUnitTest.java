package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.JoinConfig;
import io.infergate.config.NodeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code cluster.join} turns into Hazelcast's join configuration (no member is started). */
class HazelcastJoinUnitTest {

  private static NodeConfig node(Map<String, String> environment) {
    return NodeConfig.load(Path.of("conf/infergate.json"), environment);
  }

  @Test
  void tcpIpByDefaultWithTheMemberList() {
    JoinConfig join = HazelcastConfigFactory.forSubscriber(node(Map.of())).getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  void kubernetesDiscoveryByTheHeadlessServiceFromTheEnvironment() {
    JoinConfig join = HazelcastConfigFactory.forSubscriber(node(Map.of(
        "INFERGATE_CLUSTER_JOIN", "kubernetes",
        "INFERGATE_CLUSTER_KUBERNETES_SERVICE_DNS", "infergate-cluster.default.svc.cluster.local",
        "INFERGATE_CLUSTER_PORT", "5801"))).getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("infergate-cluster.default.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5801");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  void kubernetesApiModeWithoutAServiceName() {
    JoinConfig join = HazelcastConfigFactory.forSubscriber(NodeConfig.of(new JsonObject()
        .put("cluster", new JsonObject().put("join", "kubernetes").put("members", new JsonArray()))))
        .getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isNull();
  }

  @Test
  void anUnknownJoinIsRefused() {
    assertThatThrownBy(() -> node(Map.of("INFERGATE_CLUSTER_JOIN", "multicast")).clusterJoin())
        .hasMessage("cluster.join must be [tcp_ip] or [kubernetes], got [multicast]");
  }
}

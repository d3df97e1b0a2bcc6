package io.infergate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.spi.properties.ClusterProperty;
import io.infergate.config.NodeConfig;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;

/**
 * The one place that builds a node's Hazelcast configuration: {@code conf/cluster.xml} (the
 * tunables an operator edits), then the node's own settings (cluster name, interface, port and
 * the TCP-IP member list, or Kubernetes discovery with {@code cluster.join} {@code kubernetes};
 * multicast stays off), then the data structures its components declared
 * in a {@link ClusterLayout}.
 */
public final class HazelcastConfigFactory {

  private HazelcastConfigFactory() {
  }

  /** The configuration of a gateway node, with the structures of {@code layout}. */
  public static Config create(NodeConfig node, ClusterLayout layout) {
    Config config = member(node);
    // Marks this member as a gateway: writes wait for gateway members' read views only, not for
    // plain Vert.x subscribers that join the cluster to receive events.
    config.getMemberAttributeConfig().setAttribute(GatewayMembers.ATTRIBUTE, "true");
    layout.applyTo(config);
    return config;
  }

  /**
   * The configuration of a subscriber: a Vert.x process that joins the cluster to receive events
   * (and hold references) but runs no gateway, so writes never wait for it. It is a lite member:
   * it holds no registry data (only gateway members can write it through to the durable store),
   * so it never runs the registry's entry processors either.
   */
  public static Config forSubscriber(NodeConfig node) {
    return member(node).setLiteMember(true);
  }

  private static Config member(NodeConfig node) {
    Config config;
    try {
      config = new XmlConfigBuilder(node.clusterConfigFile().toString()).build();
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("cannot read the cluster configuration " + node.clusterConfigFile(), e);
    }
    config.setClusterName(node.clusterName());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(node.clusterPort()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).clear().addInterface(node.clusterHost());
    // Without it Hazelcast listens on every interface (0.0.0.0) whatever the interface list says.
    config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (node.clusterJoin().equals("kubernetes")) {
      // Hazelcast's own Kubernetes discovery (in the hazelcast jar): the headless Service's DNS
      // records, or the API's pods of this namespace, on the cluster port.
      join.getTcpIpConfig().setEnabled(false);
      KubernetesConfig kubernetes = join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-port", String.valueOf(node.clusterPort()));
      if (!node.kubernetesServiceDns().isBlank()) {
        kubernetes.setProperty("service-dns", node.kubernetesServiceDns());
      }
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(node.clusterMembers());
    }
    return config;
  }
}

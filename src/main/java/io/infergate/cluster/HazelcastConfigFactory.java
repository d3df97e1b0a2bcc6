package io.infergate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.infergate.config.NodeConfig;
import io.infergate.registry.RegistrySerializers;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;

/**
 * Builds a node's Hazelcast configuration from {@code conf/cluster.xml}, then applies the node's
 * own settings: cluster name, interface, port and the TCP-IP member list (multicast stays off).
 */
public final class HazelcastConfigFactory {

  public static final String GATEWAY_ATTRIBUTE = "infergate.gateway";

  private HazelcastConfigFactory() {
  }

  /** The configuration of a gateway node. */
  public static Config create(NodeConfig node) {
    Config config = member(node);
    // Marks this member as a gateway: writes wait for gateway members' read views only, not for
    // plain Vert.x subscribers that join the cluster to receive events.
    config.getMemberAttributeConfig().setAttribute(GATEWAY_ATTRIBUTE, "true");
    return config;
  }

  /**
   * The configuration of a subscriber: a Vert.x process that joins the cluster to receive events
   * (and hold references) but runs no gateway, so writes never wait for it. It is a lite member:
   * it holds no registry data, which only gateway members can write through to the durable store.
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
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(node.clusterMembers());
    return RegistrySerializers.register(config);
  }
}

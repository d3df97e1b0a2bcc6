package io.infergate.cluster;

import io.infergate.config.NodeConfig;
import io.infergate.tls.TlsOptions;
import io.infergate.tls.TlsSettings;
import io.vertx.core.eventbus.EventBusOptions;

/**
 * The Vert.x event bus options of every process that joins the cluster, nodes and subscribers
 * alike: on the cluster host, and with {@code cluster.ssl} on, mutual TLS (a peer must present a
 * certificate signed by the cluster's CA; Vert.x's event bus checks no host name on it).
 */
public final class ClusterEventBus {

  private ClusterEventBus() {
  }

  public static EventBusOptions options(NodeConfig config) {
    EventBusOptions options = new EventBusOptions()
        .setHost(config.clusterHost())
        .setClusterPublicHost(config.clusterHost())
        .setPort(0);
    TlsSettings tls = config.clusterTls();
    TlsOptions.apply(tls, options);
    options.setClientAuth(TlsOptions.clientAuth(tls));
    return options;
  }
}

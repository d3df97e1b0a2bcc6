package io.infergate.bus;

/** Cluster state as this node's registry sees it: health ({@link ClusterHealth}) and the gateway nodes ({@link ClusterNodes}). */
public sealed interface ClusterRequest extends RegistryRequest {

  record Health(Principal principal) implements ClusterRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.health(this);
    }
  }

  record Nodes(Principal principal) implements ClusterRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.nodes(this);
    }
  }
}

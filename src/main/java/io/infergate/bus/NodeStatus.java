package io.infergate.bus;

/**
 * One gateway node as it describes itself. A node that did not answer has only its {@code id},
 * {@code serving} false and the {@code error}; {@code viewCurrent} is set by whoever compares the
 * view's revision with the cluster's.
 */
public record NodeStatus(String id, String name, String httpAddress, long viewRevision, int viewEndpoints,
    boolean serving, boolean viewCurrent, String error) {

  public static NodeStatus unreachable(String id, String error) {
    return new NodeStatus(id, null, null, -1, 0, false, false, error);
  }

  public boolean answered() {
    return name != null;
  }

  public NodeStatus withViewCurrent(boolean current) {
    return new NodeStatus(id, name, httpAddress, viewRevision, viewEndpoints, serving, current, error);
  }
}

package io.infergate.keystore;

import io.infergate.bus.NodeRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code POST /_nodes/reload_secure_settings}, as Elasticsearch's: every gateway reads its keystore
 * again and applies what can change without a restart (the keys of secret settings, so that a
 * rotated cluster secret needs no restart). Once every node has the new keys, each is told to seal
 * again, which only the oldest gateway does: values sealed under a key that is now only
 * decrypt-only are rewritten under the current one.
 */
public final class SecureSettingsReload {

  static final String ADDRESS_PREFIX = "infergate.secure_settings.";
  private static final Logger LOG = Logger.getLogger(SecureSettingsReload.class.getName());
  private static final long ANSWER_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final NodeRequests requests;
  private final String nodeId;
  private final String nodeName;
  private final String clusterName;
  private final Supplier<Collection<String>> gateways;
  private final Supplier<NodeSecrets> readKeystore;
  private final Consumer<NodeSecrets> apply;
  private final Runnable reseal;

  /**
   * @param readKeystore reads this node's keystore (blocking: run on a worker)
   * @param apply        puts what it read into effect
   * @param reseal       asks this node to seal again what needs it (only the oldest gateway does)
   */
  public SecureSettingsReload(Vertx vertx, NodeRequests requests, String nodeId, String nodeName, String clusterName,
      Supplier<Collection<String>> gateways, Supplier<NodeSecrets> readKeystore, Consumer<NodeSecrets> apply,
      Runnable reseal) {
    this.vertx = vertx;
    this.requests = requests;
    this.nodeId = nodeId;
    this.nodeName = nodeName;
    this.clusterName = clusterName;
    this.gateways = gateways;
    this.readKeystore = readKeystore;
    this.apply = apply;
    this.reseal = reseal;
  }

  public void start() {
    requests.serve(ADDRESS_PREFIX + nodeId, ask -> {
      if ("reseal".equals(ask.getString("phase"))) {
        reseal.run();
        return Future.succeededFuture(new JsonObject());
      }
      return vertx.executeBlocking(readKeystore::get, false).map(secrets -> {
        apply.accept(secrets);
        LOG.info(() -> "reloaded the secure settings of the keystore (cluster.secret fingerprint "
            + secrets.clusterSecretFingerprint() + ")");
        return new JsonObject().put("name", nodeName);
      });
    });
  }

  /** Every gateway's answer, shaped as Elasticsearch's; the reseal is asked for only when every node reloaded. */
  public Future<JsonObject> reloadAll() {
    List<String> nodes = NodeRequests.withSelf(gateways.get(), nodeId);
    return requests.askEach(ADDRESS_PREFIX, nodes, new JsonObject().put("phase", "reload"),
        ANSWER_TIMEOUT_MS, (node, failure) -> new JsonObject().put("reload_exception", new JsonObject()
            .put("type", "exception").put("reason", String.valueOf(failure.getMessage())))).map(answers -> {
              JsonObject byNode = new JsonObject();
              int failed = 0;
              for (int i = 0; i < nodes.size(); i++) {
                failed += answers.get(i).containsKey("reload_exception") ? 1 : 0;
                byNode.put(nodes.get(i), answers.get(i));
              }
              if (failed == 0) {
                nodes.forEach(node -> requests.ask(ADDRESS_PREFIX + node, new JsonObject().put("phase", "reseal"),
                    ANSWER_TIMEOUT_MS));
              }
              return new JsonObject()
                  .put("_nodes", new JsonObject().put("total", nodes.size()).put("successful", nodes.size() - failed)
                      .put("failed", failed))
                  .put("cluster_name", clusterName)
                  .put("nodes", byNode);
            });
  }
}

package io.infergate.endpoints;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointRequest;
import io.infergate.bus.Principal;
import io.infergate.bus.RegistryRequest;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.ReadView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.logging.Logger;

/**
 * Seals again, under this node's current key, the endpoints' secret settings that an older version
 * stored in plaintext or that are sealed under a decrypt-only key (a rotation of the cluster secret), and
 * signs again those whose entry MAC is under such a key.
 * Each endpoint is rewritten by an update that changes nothing else: a new revision and an
 * {@code updated} event by {@code _system}; one after the other, so a large registry is not written
 * all at once. Run by the oldest gateway only.
 */
final class SecretResealing {

  private static final Logger LOG = Logger.getLogger(SecretResealing.class.getName());
  /** Passes one run makes at most, each over what the one before left stale. */
  private static final int MAX_PASSES = 5;
  private static final Principal SYSTEM = new Principal("_system", List.of(), "cluster");

  private final DocumentRegistry<EndpointDefinition> endpoints;
  private final EndpointKind kind;
  private final EndpointCommands commands;
  private boolean running;

  SecretResealing(DocumentRegistry<EndpointDefinition> endpoints, EndpointKind kind, EndpointCommands commands) {
    this.endpoints = endpoints;
    this.kind = kind;
    this.commands = commands;
  }

  /** Reseals what needs it; a pass already running is not started again (call on the registry's loop). */
  void run() {
    run(MAX_PASSES);
  }

  private void run(int passesLeft) {
    if (running) {
      return;
    }
    ReadView<EndpointDefinition> view = endpoints.view();
    List<EndpointDefinition> stale = view.live()
        .filter(endpoint -> view.stored(endpoint.inferenceId())
            .map(stored -> kind.needsResealing(stored.body()) || endpoints.isSignedWithOlderKey(stored))
            .orElse(false))
        .toList();
    if (stale.isEmpty()) {
      return;
    }
    running = true;
    int[] failed = new int[1];
    Future<Void> pass = Future.succeededFuture();
    for (EndpointDefinition endpoint : stale) {
      pass = pass.compose(previous -> reseal(endpoint).otherwise(failure -> {
        failed[0]++;
        LOG.warning(() -> "resealing the secret settings of [" + endpoint.inferenceId() + "] failed: "
            + failure.getMessage());
        return null;
      }));
    }
    pass.onComplete(done -> {
      running = false;
      LOG.info(() -> "sealed the secret settings of " + (stale.size() - failed[0]) + " inference endpoints again under "
          + "the current key" + (failed[0] == 0 ? "" : "; " + failed[0] + " failed and are retried at the next start"));
      if (failed[0] == 0 && passesLeft > 1) {
        // A write that sealed under the older key while this pass ran (its node had not reloaded yet
        // when it began) is stale too: another pass, until one finds nothing.
        run(passesLeft - 1);
      }
    });
  }

  /** An update that changes nothing: the endpoint's secrets opened and sealed again, under the current key. */
  private Future<Void> reseal(EndpointDefinition endpoint) {
    EndpointDefinition nothing = new EndpointDefinition(endpoint.inferenceId(), endpoint.taskType(),
        endpoint.service(), new JsonObject(), new JsonObject(), new JsonObject(), null);
    return commands.update(new EndpointRequest.Update(null, nothing, RegistryRequest.DEFAULT_TIMEOUT_MS, SYSTEM))
        .mapEmpty();
  }
}

package io.infergate.endpoints;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointLookup;
import io.infergate.bus.EndpointRequest;
import io.infergate.bus.Principal;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.RegistryRequest;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.Registries;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The inference endpoints on top of the registry: their requests, the preconfigured endpoints
 * (created by the oldest gateway when missing) and the references of departed nodes (ended by
 * the oldest gateway).
 */
public final class EndpointServices implements EndpointLookup {

  private static final Logger LOG = Logger.getLogger(EndpointServices.class.getName());

  private final Registries registries;
  private final DocumentRegistry<EndpointDefinition> endpoints;
  private final EndpointCommands commands;
  private final SecretResealing resealing;
  private final ReferenceCommands references;
  private final List<EndpointDefinition> preconfigured;
  private final Context registryContext;

  public EndpointServices(Vertx vertx, Registries registries, EndpointKind kind, Clock clock,
      List<EndpointDefinition> preconfigured) {
    this.registries = registries;
    this.endpoints = registries.of(kind);
    this.commands = new EndpointCommands(vertx, endpoints);
    this.resealing = new SecretResealing(endpoints, kind, commands);
    this.references = new ReferenceCommands(endpoints, clock);
    this.preconfigured = List.copyOf(preconfigured);
    // made by the registry verticle as it starts: its own context
    this.registryContext = vertx.getOrCreateContext();
  }

  @Override
  public Optional<CurrentEndpoint> find(String inferenceId) {
    registries.refusal().ifPresent(refusal -> {
      throw refusal.toException();
    });
    return endpoints.view().live(inferenceId)
        .map(entry -> new CurrentEndpoint(entry.document(), entry.stored().revision()));
  }

  @Override
  public void onChange(Consumer<String> listener) {
    endpoints.view().onChange(listener);
  }

  public EndpointRequest.Handler<Future<?>> endpoints() {
    return commands;
  }

  public ReferenceRequest.Handler<Future<?>> references() {
    return references;
  }

  /** The oldest gateway creates the preconfigured endpoints that do not exist yet. */
  public void serving() {
    if (preconfigured.isEmpty() || !registries.isServing() || !registries.isOldestGateway()) {
      return;
    }
    Principal system = new Principal("_system", List.of(), "cluster");
    for (EndpointDefinition endpoint : preconfigured) {
      commands.put(new EndpointRequest.Put(endpoint, RegistryRequest.DEFAULT_TIMEOUT_MS, system))
          .onSuccess(created -> LOG.info(() -> "created the preconfigured inference endpoint ["
              + endpoint.inferenceId() + "]"))
          .onFailure(exists -> LOG.fine(() -> "preconfigured inference endpoint [" + endpoint.inferenceId() + "]: "
              + exists.getMessage()));
    }
  }

  /**
   * References held by a node end when it leaves; the oldest gateway (never a subscriber) does the
   * cleaning. It also seals again secrets stored in plaintext or under a decrypt-only key: at its
   * start, and when a member left, which is how a rolling restart that rotates the cluster secret
   * ends (see {@link SecretResealing}).
   */
  /**
   * After every node reloaded its keystore: the oldest gateway seals again what is not under its
   * current key. Callable from any thread; runs on the registry's loop.
   */
  public void resealSecrets() {
    registryContext.runOnContext(v -> {
      if (registries.isServing() && registries.isOldestGateway()) {
        resealing.run();
      }
    });
  }

  public void membersChanged(Set<String> memberIds) {
    if (!registries.isServing() || !registries.isOldestGateway()) {
      return;
    }
    resealing.run();
    registries.blocking().executeBlocking(() -> endpoints.executeOnEntries(new ReleaseOrphanReferences(memberIds))
            .values().stream().mapToInt(Integer::intValue).sum(), false)
        .onSuccess(released -> {
          if (released > 0) {
            LOG.info(() -> released + " references held by departed nodes ended");
          }
        })
        .onFailure(failure -> LOG.log(Level.WARNING, "ending references of departed nodes failed", failure));
  }
}

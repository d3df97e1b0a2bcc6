package io.infergate;

import io.infergate.bus.NodeReadiness;
import java.util.function.BooleanSupplier;

/**
 * What {@code /_infergate/ready} answers: ready once the node has started (joined, attested, its
 * views loaded), while its registry serves (it sees and reaches {@code registry.min_cluster_size}
 * gateways and has caught up) and accepts writes (no member unattested), and never again once a
 * shutdown began.
 */
final class Readiness implements NodeReadiness {

  private volatile boolean started;
  private volatile boolean shuttingDown;
  private volatile BooleanSupplier acceptsWrites = () -> false;

  /** Whether the registry serves and accepts writes now; read on every probe. */
  void acceptsWrites(BooleanSupplier check) {
    this.acceptsWrites = check;
  }

  void started() {
    started = true;
  }

  void shuttingDown() {
    shuttingDown = true;
  }

  @Override
  public boolean isReady() {
    return started && !shuttingDown && acceptsWrites.getAsBoolean();
  }
}

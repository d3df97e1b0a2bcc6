package io.infergate.endpoints;

import io.infergate.registry.DeleteGuard;

/**
 * The endpoints' delete rules for tests of the generic registry, whose package cannot reach the
 * package-private {@link DeleteRules}.
 */
public final class EndpointGuards {

  private EndpointGuards() {
  }

  /** See {@link DeleteRules#DeleteRules(String, boolean, boolean, boolean)}. */
  public static DeleteGuard deleteRules(String taskType, boolean force, boolean reserved, boolean references) {
    return new DeleteRules(taskType, force, reserved, references);
  }
}

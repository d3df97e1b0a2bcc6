package io.infergate.bus;

import java.util.UUID;

/** Event-bus addresses shared by the router, the registry and subscribers. */
public final class Addresses {

  /**
   * Registry requests that may come from another cluster member (a subscriber process): event log
   * reads and references, typed or in their JSON wire form ({@link RegistryWire}), each signed with
   * the cluster secret ({@link RequestSigner}). Every gateway node consumes it; any one of them serves a request.
   */
  public static final String REGISTRY = "infergate.registry";

  /**
   * Every registry request of this node's own router, typed (no JSON on the way). Consumed locally
   * only: a request sent here from another member never arrives.
   */
  public static final String REGISTRY_LOCAL = "infergate.registry.local";

  /** Endpoint change events (publish). Anyone may subscribe; nothing is ever sent back. */
  public static final String EVENTS = "infergate.events";

  private static final String VIEW_PREFIX = "infergate.view.";
  private static final String ATTEST_PREFIX = "infergate.attest.";
  private static final String CHALLENGE_ME_PREFIX = "infergate.challenge_me.";

  private Addresses() {
  }

  /** Each gateway's view address ({@link ViewMessage}): the prefix and its member id. */
  public static String view(UUID member) {
    return VIEW_PREFIX + member;
  }

  /**
   * Where a member answers attestation challenges: a gateway sends a nonce, the member answers with
   * a tag under the cluster secret binding both members and the nonce ({@code cluster/MemberAttestation}).
   */
  public static String attest(UUID member) {
    return ATTEST_PREFIX + member;
  }

  /** Where a gateway takes a joining member's request to be challenged now, and answers once it is attested. */
  public static String challengeMe(UUID gateway) {
    return CHALLENGE_ME_PREFIX + gateway;
  }
}

package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import org.junit.jupiter.api.Test;

/**
 * When a node may serve (README, "Partitions"): it must see {@code registry.min_cluster_size} gateway nodes,
 * listed by the cluster and answering within the lease, and must have reloaded its view after a cut.
 */
class ClusterGateUnitTest {

  private static final String CATCHING_UP =
      "this node is catching up with the cluster after rejoining it; retry shortly";

  /** A gate for three nodes with a minimum of two that has loaded its view and serves. */
  private static ClusterGate openGateOfThree() {
    ClusterGate gate = new ClusterGate(2);
    gate.membersChanged(3);
    gate.reachableChanged(3);
    gate.caughtUp();
    assertThat(gate.isOpen()).isTrue();
    return gate;
  }

  @Test
  void aNewGateIsClosedUntilItSeesEnoughMembers() {
    ClusterGate gate = new ClusterGate(2);

    assertThat(gate.isOpen()).isFalse();
    assertThat(gate.needsCatchUp()).isFalse();
    assertThat(gate.blocked()).isEqualTo(seesOnly(0, 2));

    gate.membersChanged(1);
    assertThat(gate.isOpen()).isFalse();
    assertThat(gate.needsCatchUp()).isFalse();
    assertThat(gate.blocked()).isEqualTo(seesOnly(1, 2));
  }

  @Test
  void withEnoughMembersItLoadsItsViewBeforeItOpens() {
    ClusterGate gate = new ClusterGate(2);

    assertThat(gate.membersChanged(2)).isFalse();
    assertThat(gate.needsCatchUp()).isTrue();
    assertThat(gate.isOpen()).isFalse();
    assertThat(gate.blocked()).isEqualTo(new EsError(503, "cluster_block_exception", CATCHING_UP));

    gate.caughtUp();
    assertThat(gate.isOpen()).isTrue();
    assertThat(gate.needsCatchUp()).isFalse();
  }

  @Test
  void aSingleNodeClusterOpensOnceItHasLoaded() {
    ClusterGate gate = new ClusterGate(1);
    gate.membersChanged(1);

    assertThat(gate.needsCatchUp()).isTrue();
    gate.caughtUp();
    assertThat(gate.isOpen()).isTrue();
    assertThat(gate.visibleMembers()).isEqualTo(1);
    assertThat(gate.minClusterSize()).isEqualTo(1);
  }

  @Test
  void moreMembersKeepItOpen() {
    ClusterGate gate = openGateOfThree();

    assertThat(gate.membersChanged(4)).isFalse();
    assertThat(gate.membersChanged(2)).isFalse();
    assertThat(gate.isOpen()).isTrue();
    assertThat(gate.needsCatchUp()).isFalse();
    assertThat(gate.visibleMembers()).isEqualTo(2);
  }

  @Test
  void fallingBelowTheMinimumClosesItAndIsReportedOnce() {
    ClusterGate gate = openGateOfThree();

    assertThat(gate.membersChanged(1)).isTrue();
    assertThat(gate.isOpen()).isFalse();
    assertThat(gate.blocked()).isEqualTo(seesOnly(1, 2));
    assertThat(gate.membersChanged(0)).isFalse();
    assertThat(gate.blocked()).isEqualTo(seesOnly(0, 2));
  }

  @Test
  void afterACutItReloadsItsViewBeforeItServesAgain() {
    ClusterGate gate = openGateOfThree();
    gate.membersChanged(1);

    assertThat(gate.membersChanged(3)).isFalse();
    assertThat(gate.isOpen()).isFalse();
    assertThat(gate.needsCatchUp()).isTrue();
    assertThat(gate.blocked().reason()).isEqualTo(CATCHING_UP);

    gate.caughtUp();
    assertThat(gate.isOpen()).isTrue();
  }

  @Test
  void losingTheLeaseClosesItEvenWhileTheClusterStillListsTheMembers() {
    ClusterGate gate = openGateOfThree();

    assertThat(gate.reachableChanged(1)).isTrue();
    assertThat(gate.isOpen()).isFalse();
    assertThat(gate.needsCatchUp()).isFalse();
    assertThat(gate.visibleMembers()).isEqualTo(3);
    assertThat(gate.blocked()).isEqualTo(seesOnly(1, 2));
    assertThat(gate.reachableChanged(1)).isFalse();
    assertThat(gate.reachableChanged(0)).isFalse();
  }

  @Test
  void whenTheLeaseComesBackItReloadsItsViewBeforeItServes() {
    ClusterGate gate = openGateOfThree();
    gate.reachableChanged(1);

    assertThat(gate.reachableChanged(3)).isFalse();
    assertThat(gate.isOpen()).isFalse();
    assertThat(gate.needsCatchUp()).isTrue();
    assertThat(gate.blocked().reason()).isEqualTo(CATCHING_UP);

    gate.caughtUp();
    assertThat(gate.isOpen()).isTrue();
  }

  @Test
  void itNeedsEnoughMembersListedAndReachableToCatchUp() {
    ClusterGate gate = openGateOfThree();
    gate.reachableChanged(1);
    gate.membersChanged(1);

    gate.reachableChanged(2);
    assertThat(gate.needsCatchUp()).as("reachable again, listed too few").isFalse();
    gate.membersChanged(2);
    gate.reachableChanged(1);
    assertThat(gate.needsCatchUp()).as("listed again, reachable too few").isFalse();
    gate.reachableChanged(2);
    assertThat(gate.needsCatchUp()).isTrue();
  }

  @Test
  void theBlockNamesTheSmallerOfTheListedAndTheReachableCount() {
    ClusterGate gate = openGateOfThree();
    gate.reachableChanged(1);
    gate.membersChanged(0);
    assertThat(gate.blocked()).isEqualTo(seesOnly(0, 2));

    gate.membersChanged(3);
    assertThat(gate.blocked()).isEqualTo(seesOnly(1, 2));
  }

  @Test
  void theBlockIsA503ClusterBlockException() {
    EsError blocked = new ClusterGate(3).blocked();

    assertThat(blocked.status()).isEqualTo(503);
    assertThat(blocked.type()).isEqualTo("cluster_block_exception");
    assertThat(blocked.reason()).isEqualTo("this node sees 0 of the 3 gateway nodes it needs "
        + "(registry.min_cluster_size); it refuses reads and writes until it rejoins the cluster");
  }

  private static EsError seesOnly(int seen, int needed) {
    return new EsError(503, "cluster_block_exception", "this node sees " + seen + " of the " + needed
        + " gateway nodes it needs (registry.min_cluster_size); "
        + "it refuses reads and writes until it rejoins the cluster");
  }

  @Test
  void aReloadWhilePingsFailDoesNotOpenTheGateWhenTheyAnswerAgain() {
    ClusterGate gate = new ClusterGate(2);
    gate.membersChanged(2);
    gate.caughtUp();
    assertThat(gate.isOpen()).isTrue();

    gate.reachableChanged(1);
    gate.caughtUp();
    gate.reachableChanged(2);

    assertThat(gate.isOpen()).as("open only after a reload made while the others answer").isFalse();
    assertThat(gate.needsCatchUp()).isTrue();
    gate.caughtUp();
    assertThat(gate.isOpen()).isTrue();
  }
}

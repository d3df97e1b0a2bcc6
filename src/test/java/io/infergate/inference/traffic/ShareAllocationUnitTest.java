package io.infergate.inference.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareAllocationUnitTest {

  private static double sum(Map<String, Double> shares) {
    return shares.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  @Test
  void busyNodesSplitWhatTheQuietOnesDoNotNeed() {
    Map<String, Double> shares = ShareAllocation.shares(600, List.of("a", "b", "c"),
        Map.of("a", 1440.0, "b", 270.0, "c", 90.0));

    assertThat(shares.get("c")).isCloseTo(90, within(1e-9));
    assertThat(shares.get("a")).isCloseTo(255, within(1e-9));
    assertThat(shares.get("b")).isCloseTo(255, within(1e-9));
    assertThat(sum(shares)).isCloseTo(600, within(1e-9));
  }

  @Test
  void anIdleNodeKeepsItsFloorAndSpareIsSplitEvenly() {
    Map<String, Double> busy = ShareAllocation.shares(600, List.of("a", "b"), Map.of("a", 5000.0));
    assertThat(busy.get("b")).isCloseTo(600 * ShareAllocation.FLOOR / 2, within(1e-9));
    assertThat(sum(busy)).isCloseTo(600, within(1e-9));

    Map<String, Double> quiet = ShareAllocation.shares(600, List.of("a", "b", "c"), Map.of());
    assertThat(quiet.values()).allSatisfy(share -> assertThat(share).isCloseTo(200, within(1e-9)));

    Map<String, Double> light = ShareAllocation.shares(600, List.of("a", "b"), Map.of("a", 100.0, "b", 50.0));
    assertThat(light.get("a")).isCloseTo(100 + 225, within(1e-9));
    assertThat(light.get("b")).isCloseTo(50 + 225, within(1e-9));
  }

  @Test
  void everyNodeComputesTheSameSplitWhateverTheOrderItKnowsTheNodesIn() {
    Map<String, Double> demand = Map.of("a", 300.0, "b", 300.0, "c", 10.0);
    assertThat(ShareAllocation.shares(600, List.of("c", "b", "a"), demand))
        .isEqualTo(ShareAllocation.shares(600, List.of("a", "b", "c"), demand));
  }
}

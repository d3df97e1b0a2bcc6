package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.StoredBodies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The highest revision in a map, tombstones included, gathered per partition and combined. */
class HighestRevisionUnitTest {

  private static Map.Entry<String, String> entry(StoredDocument stored) {
    return Map.entry(stored.id(), stored.encoded());
  }

  @Test
  void aTombstoneCountsAndThePartitionsCombineAfterTravelling() {
    StoredDocument live = StoredDocument.live("a", StoredBodies.endpoint(), 7, "m1");
    StoredDocument tombstone = StoredDocument.tombstone(StoredDocument.live("b", StoredBodies.endpoint(), 3, "m1"),
        List.of("task_type"), 12, 100, "m2");
    HighestRevision first = new HighestRevision();
    HighestRevision second = new HighestRevision();

    first.accumulate(entry(live));
    second.accumulate(entry(tombstone));
    first.combine(DataSerialization.roundTrip(second));

    assertThat(first.aggregate()).isEqualTo(12);
    assertThat(DataSerialization.roundTrip(first).aggregate()).isEqualTo(12);
    assertThat(new HighestRevision().aggregate()).isZero();
  }
}

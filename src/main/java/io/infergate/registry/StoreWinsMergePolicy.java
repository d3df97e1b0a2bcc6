package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingEntry;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import java.util.Objects;

/**
 * How the endpoints map heals after a split brain: each entry the smaller side brings takes the
 * value of the durable store's row, which holds every acknowledged write of either side, and is
 * dropped when the store has no row. Hazelcast's default (put if absent) brought back endpoints that
 * the larger side deleted and whose tombstones it purged while the other side was cut off: the
 * stale side still held them live. Runs on a partition thread of the larger side, where the
 * blocking read is as acceptable as the write-through itself.
 */
public final class StoreWinsMergePolicy
    implements SplitBrainMergePolicy<String, MergingEntry<String, String>, Object>, HazelcastInstanceAware {

  /** Key of the endpoints' JdbcMapStore in the Hazelcast user context. */
  static final String STORE = "infergate.endpoint-rows";

  private transient JdbcMapStore<String> rows;

  @Override
  @SuppressWarnings("unchecked")
  public void setHazelcastInstance(HazelcastInstance instance) {
    rows = (JdbcMapStore<String>) instance.getUserContext().get(STORE);
  }

  void useRows(JdbcMapStore<String> rows) {
    this.rows = rows;
  }

  @Override
  public Object merge(MergingEntry<String, String> merging, MergingEntry<String, String> existing) {
    String stored = rows.load(merging.getKey());
    if (stored == null) {
      return null;
    }
    if (existing != null && stored.equals(existing.getValue())) {
      return existing.getRawValue();
    }
    return Objects.equals(stored, merging.getValue()) ? merging.getRawValue() : stored;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // stateless: the receiving member finds its own store through its user context
  }

  @Override
  public void readData(ObjectDataInput in) {
  }
}

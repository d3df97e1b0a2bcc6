package io.infergate.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.MapLoader;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingEntry;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import java.util.Objects;

/**
 * How a registry map heals after a split brain: each entry the smaller side brings takes the
 * value of the durable store's row, which holds every acknowledged write of either side, and is
 * dropped when the store has no row. Hazelcast's default (put if absent) brought back endpoints that
 * the larger side deleted and whose tombstones it purged while the other side was cut off: the
 * stale side still held them live. Runs on a partition thread of the larger side, where the
 * blocking read is as acceptable as the write-through itself.
 *
 * <p>Hazelcast creates one instance per policy class for every map, and tells it neither the map
 * nor its table: each replicated document kind names its table in a subclass of its own (a
 * public no-argument constructor calling {@code super(table)}), and the node puts that table's
 * rows (a {@link JdbcMapStore}, or what the registry wraps it in) in the user context under {@link #contextKey}.
 */
public class StoreWinsMergePolicy
    implements SplitBrainMergePolicy<String, MergingEntry<String, String>, Object>, HazelcastInstanceAware {

  private final String table;
  private transient MapLoader<String, String> rows;

  protected StoreWinsMergePolicy(String table) {
    this.table = table;
  }

  /** Where the rows of {@code table} are found in the Hazelcast user context. */
  public static String contextKey(String table) {
    return "infergate.rows." + table;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void setHazelcastInstance(HazelcastInstance instance) {
    rows = (MapLoader<String, String>) instance.getUserContext().get(contextKey(table));
  }

  void useRows(MapLoader<String, String> rows) {
    this.rows = rows;
  }

  @Override
  public final Object merge(MergingEntry<String, String> merging, MergingEntry<String, String> existing) {
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

package io.infergate.registry;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * The highest revision stored in a document map, tombstones included, computed where the entries
 * live. It is what a view holding every change has reached; the revision counter is no measure of
 * that, as it runs ahead of the map (a refused write takes a revision, and a restart resumes it
 * from its durable ceiling).
 */
final class HighestRevision extends RegistrySerializable implements Aggregator<Map.Entry<String, String>, Long> {

  private long highest;

  HighestRevision() {
    super(RegistrySerializers.HIGHEST_REVISION);
  }

  @Override
  public void accumulate(Map.Entry<String, String> entry) {
    if (entry.getValue() != null) {
      highest = Math.max(highest, StoredDocument.decode(entry.getKey(), entry.getValue()).revision());
    }
  }

  @Override
  public void combine(Aggregator other) {
    highest = Math.max(highest, ((HighestRevision) other).highest);
  }

  @Override
  public Long aggregate() {
    return highest;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(highest);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    highest = in.readLong();
  }
}

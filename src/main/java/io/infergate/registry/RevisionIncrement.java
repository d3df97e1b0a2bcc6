package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Takes the next revision from the cluster-wide counter, on the partition that owns it. The entry
 * is {@code [revision, ceiling]}: only the ceiling is made durable, and only when a revision
 * passes it, by a block at a time; after a full-cluster restart, or a crash of the member that
 * held the counter, it resumes from the ceiling, above every revision ever handed out, without a
 * database write per revision.
 */
final class RevisionIncrement extends RegistrySerializable implements EntryProcessor<String, long[], Long> {

  static final long BLOCK = 1_000;

  /** The next revision is above this one too: a write found it in its entry (the counter had been set back). */
  private long above;

  RevisionIncrement() {
    super(RegistrySerializers.REVISION_INCREMENT);
  }

  RevisionIncrement(long above) {
    this();
    this.above = above;
  }

  @Override
  public Long process(Map.Entry<String, long[]> entry) {
    long[] current = entry.getValue() == null ? new long[] {0, 0} : entry.getValue();
    long next = Math.max(current[0], above) + 1;
    long ceiling = next > current[1] ? next + BLOCK - 1 : current[1];
    entry.setValue(new long[] {next, ceiling});
    return next;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(above);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    above = in.readLong();
  }
}

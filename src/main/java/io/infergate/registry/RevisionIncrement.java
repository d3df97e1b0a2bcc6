package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/** Increments the cluster-wide revision counter in place, on the partition that owns it. */
final class RevisionIncrement implements EntryProcessor<String, Long, Long> {

  private static final long serialVersionUID = 1L;

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    long next = (entry.getValue() == null ? 0L : entry.getValue()) + 1;
    entry.setValue(next);
    return next;
  }
}

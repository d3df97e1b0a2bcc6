package io.infergate.testing;

import java.util.AbstractMap;

/**
 * A registry map entry as an entry processor sees it (it only uses getKey, getValue and setValue),
 * counting writes: in Hazelcast every {@code setValue} is a write to the backup and the durable
 * store, even of an unchanged value, so a processor that changes nothing must not call it.
 */
public final class RecordingEntry extends AbstractMap.SimpleEntry<String, String> {

  private int writes;

  public RecordingEntry(String key, String value) {
    super(key, value);
  }

  @Override
  public String setValue(String value) {
    writes++;
    return super.setValue(value);
  }

  public int writes() {
    return writes;
  }
}

package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * What a registry write does on the backup: sets the value the owner wrote. Without it Hazelcast
 * runs the whole processor again on the backup (parse the entry, check the guard, encode), to the
 * same result.
 */
final class SetDocument<R> extends RegistrySerializable implements EntryProcessor<String, String, R> {

  private String value;

  SetDocument() {
    super(RegistrySerializers.SET_DOCUMENT);
  }

  private SetDocument(String value) {
    this();
    this.value = value;
  }

  /** The backup of a single-key write that wrote {@code written}; none when it wrote nothing. */
  static <R> SetDocument<R> of(String written) {
    return written == null ? null : new SetDocument<>(written);
  }

  @Override
  public R process(Map.Entry<String, String> entry) {
    entry.setValue(value);
    return null;
  }

  @Override
  public EntryProcessor<String, String, R> getBackupProcessor() {
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(value);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    value = in.readString();
  }
}

package io.infergate.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/**
 * What an entry processor did to one registry entry, in one step on the partition that owns it:
 * the value it found, and the value it wrote if it wrote one.
 */
final class EntryChange extends RegistrySerializable {

  enum Status {
    WRITTEN,
    /** The entry's state forbids the change; the caller tells why from {@code found}. */
    REFUSED,
    /** The entry already has this revision or a later one: take a new revision and try again. */
    STALE_REVISION
  }

  private Status status;
  private String found;
  private String written;

  EntryChange() {
    super(RegistrySerializers.ENTRY_CHANGE);
  }

  private EntryChange(Status status, String found, String written) {
    super(RegistrySerializers.ENTRY_CHANGE);
    this.status = status;
    this.found = found;
    this.written = written;
  }

  static EntryChange written(String found, String written) {
    return new EntryChange(Status.WRITTEN, found, written);
  }

  static EntryChange refused(String found) {
    return new EntryChange(Status.REFUSED, found, null);
  }

  static EntryChange stale(String found) {
    return new EntryChange(Status.STALE_REVISION, found, null);
  }

  Status status() {
    return status;
  }

  StoredEndpoint foundEntry() {
    return found == null ? null : StoredEndpoint.decode(found);
  }

  StoredEndpoint writtenEntry() {
    return StoredEndpoint.decode(written);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(status.ordinal());
    out.writeString(found);
    out.writeString(written);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    status = Status.values()[in.readByte()];
    found = in.readString();
    written = in.readString();
  }
}

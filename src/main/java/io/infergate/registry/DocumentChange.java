package io.infergate.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/**
 * What an entry processor did to one registry entry, in one step on the partition that owns it:
 * the value it found, and the value it wrote if it wrote one. Kinds' own processors return it too.
 */
public final class DocumentChange extends RegistrySerializable {

  public enum Status {
    WRITTEN,
    /** The entry's state forbids the change; the caller tells why from {@code found}. */
    REFUSED,
    /** The entry already has this revision or a later one: take a new revision and try again. */
    STALE_REVISION;

    /** {@code values()} copies its array on every call; a result is read once per write. */
    private static final Status[] BY_ORDINAL = values();
  }

  private Status status;
  private String found;
  private String written;

  DocumentChange() {
    super(RegistrySerializers.DOCUMENT_CHANGE);
  }

  private DocumentChange(Status status, String found, String written) {
    super(RegistrySerializers.DOCUMENT_CHANGE);
    this.status = status;
    this.found = found;
    this.written = written;
  }

  public static DocumentChange written(String found, String written) {
    return new DocumentChange(Status.WRITTEN, found, written);
  }

  public static DocumentChange refused(String found) {
    return new DocumentChange(Status.REFUSED, found, null);
  }

  public static DocumentChange stale(String found) {
    return new DocumentChange(Status.STALE_REVISION, found, null);
  }

  public Status status() {
    return status;
  }

  /** The value found, as stored, or null when there was none. */
  public String found() {
    return found;
  }

  public String written() {
    return written;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(status.ordinal());
    out.writeString(found);
    out.writeString(written);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    status = Status.BY_ORDINAL[in.readByte()];
    found = in.readString();
    written = in.readString();
  }
}

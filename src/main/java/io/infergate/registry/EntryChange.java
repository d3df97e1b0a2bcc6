package io.infergate.registry;

import java.io.Serializable;

/**
 * What an entry processor did to one registry entry, in one step on the partition that owns it:
 * the value it found, and the value it wrote if it wrote one.
 */
record EntryChange(Status status, String found, String written) implements Serializable {

  enum Status {
    WRITTEN,
    /** The entry's state forbids the change; the caller tells why from {@code found}. */
    REFUSED,
    /** The entry already has this revision or a later one: take a new revision and try again. */
    STALE_REVISION
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

  StoredEndpoint foundEntry() {
    return found == null ? null : StoredEndpoint.decode(found);
  }

  StoredEndpoint writtenEntry() {
    return StoredEndpoint.decode(written);
  }
}

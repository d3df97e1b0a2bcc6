package io.infergate.registry;

import java.util.Locale;

/** What a write did to a document, as its event's {@code type} says. */
public enum Change {
  CREATED, UPDATED, DELETED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

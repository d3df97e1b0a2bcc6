package io.infergate.events;

/**
 * An event log's item as the ringbuffer and its table hold it: the gateway's tag, a space, then the
 * event's JSON exactly as it was signed ({@code kid:base64 {"type":...}}). A tag never holds a space
 * or a brace, and a JSON object starts with one: an item that starts with {@code {} is an event
 * written before events were signed, with no tag.
 */
record SignedLogItem(String tag, String event) {

  private static final char SEPARATOR = ' ';

  /** The item's parts; the tag is null for an unsigned item (or anything that is not an item at all). */
  static SignedLogItem parse(String item) {
    int separator = item.indexOf(SEPARATOR);
    if (item.startsWith("{") || separator <= 0) {
      return new SignedLogItem(null, item);
    }
    return new SignedLogItem(item.substring(0, separator), item.substring(separator + 1));
  }

  String encoded() {
    return tag + SEPARATOR + event;
  }

  boolean isSigned() {
    return tag != null;
  }
}

package io.infergate.security;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for the {@code metadata} of users, roles and API keys: Elasticsearch's reserved
 * {@code _} prefix, and a size bound of Infergate's own. Every document is replicated to every
 * node's memory and stored, so a request-sized blob of metadata would cost each node that much per
 * document; real metadata is a few tags.
 */
public final class MetadataRules {

  /** The largest metadata accepted, as encoded JSON. */
  public static final int MAX_BYTES = 16 * 1024;

  private MetadataRules() {
  }

  /**
   * What is wrong with {@code metadata} (null: nothing given), in Elasticsearch's words;
   * {@code owner} says whose it is, as the messages do ("API key ", "role descriptor ", or "").
   */
  public static List<String> failures(JsonObject metadata, String owner) {
    List<String> failures = new ArrayList<>();
    if (metadata == null) {
      return failures;
    }
    if (metadata.fieldNames().stream().anyMatch(key -> key.startsWith("_"))) {
      failures.add(owner + "metadata keys may not start with [_]");
    }
    int bytes = metadata.encode().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      failures.add(owner + "metadata may not be more than [" + MAX_BYTES + "] bytes when encoded, but was [" + bytes
          + "]");
    }
    return failures;
  }
}

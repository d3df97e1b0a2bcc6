package io.infergate.security;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Elasticsearch's predefined index privilege names (8.x). Infergate has no indices and enforces none
 * of them; it knows them so that role descriptors written for Elasticsearch are accepted, a misspelt
 * one is refused as Elasticsearch refuses it, and {@code GET /_security/privilege/_builtin} lists them.
 */
public final class IndexPrivilegeNames {

  private static final Set<String> NAMES = new TreeSet<>(Set.of("all", "auto_configure", "create", "create_doc",
      "create_index", "cross_cluster_replication", "cross_cluster_replication_internal", "delete", "delete_index",
      "index", "maintenance", "manage", "manage_data_stream_lifecycle", "manage_follow_index", "manage_ilm",
      "manage_leader_index", "monitor", "none", "read", "read_cross_cluster", "view_index_metadata", "write"));

  private IndexPrivilegeNames() {
  }

  /** Every name, sorted. */
  public static Set<String> names() {
    return NAMES;
  }

  /** A predefined name (any case), or a pattern over index actions ({@code indices:...}), as Elasticsearch accepts. */
  public static boolean isKnown(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return NAMES.contains(lower) || lower.startsWith("indices:");
  }

  static String unknown(String name) {
    return "unknown index privilege [" + name.toLowerCase(Locale.ROOT) + "]. a privilege must be either one of the "
        + "predefined fixed indices privileges [" + String.join(",", NAMES) + "] or a pattern over one of the "
        + "available index actions";
  }
}

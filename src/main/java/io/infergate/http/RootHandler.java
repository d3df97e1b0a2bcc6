package io.infergate.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /}: answers like Elasticsearch's root so that clients pinging it work, and says which
 * software answered as OpenSearch does: {@code version.number} stays the Elasticsearch API version
 * the official clients check, {@code version.distribution} is {@code infergate} and
 * {@code version.distribution_version} Infergate's own version.
 */
final class RootHandler implements Handler<RoutingContext> {

  /** The Elasticsearch API version whose {@code _inference} behaviour Infergate matches. */
  static final String COMPATIBLE_VERSION = "9.2.0";

  private static final Distribution DISTRIBUTION = Distribution.current();

  private final NodeIdentity node;

  RootHandler(NodeIdentity node) {
    this.node = node;
  }

  @Override
  public void handle(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of());
    JsonObject version = new JsonObject()
        .put("distribution", DISTRIBUTION.name())
        .put("distribution_version", DISTRIBUTION.version())
        .put("number", COMPATIBLE_VERSION)
        .put("build_flavor", "default")
        .put("build_type", "infergate")
        .put("build_hash", "unknown")
        .put("build_date", "unknown")
        .put("build_snapshot", false)
        .put("lucene_version", "10.3.1")
        .put("minimum_wire_compatibility_version", "8.19.0")
        .put("minimum_index_compatibility_version", "8.0.0");
    Responses.json(ctx, 200, new JsonObject()
        .put("name", node.nodeName())
        .put("cluster_name", node.clusterName())
        .put("cluster_uuid", node.clusterUuid())
        .put("version", version)
        .put("tagline", "You Know, for Search"));
  }
}

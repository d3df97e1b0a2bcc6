package io.infergate.inference.perform;

import io.infergate.bus.EsError;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The services this node can call, by name; closed with the node. */
public final class InferenceServices {

  private final Map<String, InferenceService> byName = new TreeMap<>();
  private final List<AutoCloseable> resources;

  public InferenceServices(List<InferenceService> services, List<AutoCloseable> resources) {
    services.forEach(service -> byName.put(service.name(), service));
    this.resources = List.copyOf(resources);
  }

  /** The service of a stored endpoint, or Elasticsearch's 400 for a service this node does not have. */
  public InferenceService require(String name) {
    InferenceService service = byName.get(name);
    if (service == null) {
      throw EsError.statusException(400, "Unknown service [" + name + "]").toException();
    }
    return service;
  }

  public Future<Void> close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return Future.succeededFuture();
  }
}

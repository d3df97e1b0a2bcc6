package io.infergate.bus;

import java.util.List;

/**
 * The endpoints a get found, sorted by id (one, for a get by id), each with the revision this node's
 * view holds it at. Rendered without secrets.
 */
public record EndpointList(List<CurrentEndpoint> entries) {

  public EndpointList {
    entries = List.copyOf(entries);
  }

  public List<EndpointDefinition> endpoints() {
    return entries.stream().map(CurrentEndpoint::definition).toList();
  }
}

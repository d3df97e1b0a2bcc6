package io.infergate.bus;

import java.util.List;

/** The endpoints a get found, sorted by id (one, for a get by id). Rendered without secrets. */
public record EndpointList(List<EndpointDefinition> endpoints) {

  public EndpointList {
    endpoints = List.copyOf(endpoints);
  }
}

package io.infergate.endpoints;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.EndpointLookup;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The endpoint lookup handed to the router before the registry verticle has made its
 * {@link EndpointServices} (it makes them when deployed, before the router takes a request):
 * lookups go to the services once attached, and change listeners registered earlier are kept and
 * connected then.
 */
public final class EndpointLookupRelay implements EndpointLookup {

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private volatile EndpointServices services;

  public void attach(EndpointServices services) {
    this.services = services;
    services.onChange(id -> listeners.forEach(listener -> listener.accept(id)));
  }

  @Override
  public Optional<CurrentEndpoint> find(String inferenceId) {
    return services.find(inferenceId);
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }
}

package io.infergate;

import io.infergate.accounts.AccountServices;
import io.infergate.bus.EndpointRequest;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.SecurityRequest;
import io.infergate.endpoints.EndpointServices;
import io.infergate.registry.RegistryServices;
import io.vertx.core.Future;
import java.util.Set;

/** The document kinds' commands a node serves: the inference endpoints, and users, roles and API keys. */
record NodeServices(EndpointServices endpointServices, AccountServices accounts) implements RegistryServices {

  @Override
  public EndpointRequest.Handler<Future<?>> endpoints() {
    return endpointServices.endpoints();
  }

  @Override
  public ReferenceRequest.Handler<Future<?>> references() {
    return endpointServices.references();
  }

  @Override
  public SecurityRequest.Handler<Future<?>> security() {
    return accounts.commands();
  }

  @Override
  public void serving() {
    endpointServices.serving();
  }

  @Override
  public void membersChanged(Set<String> memberIds) {
    endpointServices.membersChanged(memberIds);
    accounts.resealSecrets();
  }

  /** After every gateway reloaded its keystore: what is under an older key is written again. */
  void resealSecrets() {
    endpointServices.resealSecrets();
    accounts.resealSecrets();
  }
}

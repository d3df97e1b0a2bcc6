package io.infergate.endpoints;

import io.infergate.registry.DocumentKind;
import io.infergate.store.StoreWinsMergePolicy;

/** The endpoints map heals after a split brain from its table's rows (see {@link StoreWinsMergePolicy}). */
public final class EndpointsMergePolicy extends StoreWinsMergePolicy {

  public EndpointsMergePolicy() {
    super(DocumentKind.tableOf(EndpointKind.NAME));
  }
}

package io.infergate.bus;

import java.util.List;

/** The references an endpoint holds after a reference request. */
public record References(String inferenceId, List<Reference> references) {

  public References {
    references = List.copyOf(references);
  }

  /**
   * One holder's use of an endpoint.
   *
   * @param holderNode the member whose departure ends it, or null for one that lasts until removed
   * @param since      when it was declared or last renewed (epoch millis)
   */
  public record Reference(String holder, String holderNode, long since) {
  }
}

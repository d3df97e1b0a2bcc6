package io.infergate.bus;

import java.util.List;

/** The references an endpoint holds after a reference request. */
public record References(String inferenceId, List<Reference> references) {

  public References {
    references = List.copyOf(references);
  }

  /**
   * One holder's use of an endpoint. A holder may hold several, one per owner: a holder's own
   * declaration and the references its event streams took are ended apart.
   *
   * @param holderNode the member whose departure ends it, or null for one that lasts until removed
   * @param since      when it was declared or last renewed (epoch millis)
   * @param owner      who took it and alone ends it: null for the holder's own declaration, else
   *                   an id of the taker (an event stream, a subscriber)
   */
  public record Reference(String holder, String holderNode, long since, String owner) {

    /** The holder's own declaration. */
    public Reference(String holder, String holderNode, long since) {
      this(holder, holderNode, since, null);
    }
  }
}

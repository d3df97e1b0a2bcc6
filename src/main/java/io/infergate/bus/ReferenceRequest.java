package io.infergate.bus;

/**
 * Declares, ends or lists the uses of an endpoint. A reference with a {@code holderNode} (a
 * cluster member's id) ends by itself when that member leaves the cluster; one without lasts until
 * removed or until the endpoint is deleted with {@code force}. A reference is one holder's under
 * one {@code owner} (null: the holder's own declaration): an add renews that one, a remove ends
 * that one only. While an endpoint has references, a
 * DELETE without {@code force} is refused (409). Every one replies with {@link References}. These
 * may come from a subscriber process on another member, in the wire form of {@link RegistryWire}.
 */
public sealed interface ReferenceRequest extends RegistryRequest {

  String inferenceId();

  Principal principal();

  <R> R accept(Handler<R> handler);

  @Override
  default <R> R accept(RegistryRequest.Handler<R> handler) {
    return handler.reference(this);
  }

  /** One method per operation. */
  interface Handler<R> {
    R add(Add request);

    R remove(Remove request);

    R lookup(Lookup request);
  }

  record Add(String inferenceId, String holder, String holderNode, String owner, Principal principal)
      implements ReferenceRequest {

    /** The holder's own declaration. */
    public Add(String inferenceId, String holder, String holderNode, Principal principal) {
      this(inferenceId, holder, holderNode, null, principal);
    }

    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.add(this);
    }
  }

  record Remove(String inferenceId, String holder, String owner, Principal principal) implements ReferenceRequest {

    /** Ends the holder's own declaration. */
    public Remove(String inferenceId, String holder, Principal principal) {
      this(inferenceId, holder, null, principal);
    }

    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.remove(this);
    }
  }

  record Lookup(String inferenceId, Principal principal) implements ReferenceRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.lookup(this);
    }
  }
}

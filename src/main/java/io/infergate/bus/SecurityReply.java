package io.infergate.bus;

import java.util.List;

/** The registry's replies to {@link SecurityRequest}s. {@code acknowledged}: every gateway's view has the change. */
public sealed interface SecurityReply {

  boolean acknowledged();

  /** A put: {@code created} is false when it replaced an existing document. */
  record Created(boolean created, boolean acknowledged) implements SecurityReply {
  }

  /** A delete: {@code found} is false when there was nothing to delete. */
  record Found(boolean found, boolean acknowledged) implements SecurityReply {
  }

  record Done(boolean acknowledged) implements SecurityReply {
  }

  /** Keys invalidated now, keys that already were, and the keys that could not be invalidated. */
  record Invalidated(List<String> invalidated, List<String> previouslyInvalidated, List<EsError> errors,
      boolean acknowledged) implements SecurityReply {

    public Invalidated {
      invalidated = List.copyOf(invalidated);
      previouslyInvalidated = List.copyOf(previouslyInvalidated);
      errors = List.copyOf(errors);
    }
  }
}

package io.infergate.bus;

import java.util.List;

/**
 * What a delete did: whether every gateway applied it ({@code false} for a dry run), who held
 * references to the endpoint, and for a dry run the message a delete without force would meet
 * (empty when nothing refuses it; null on a real delete).
 */
public record DeleteResult(boolean acknowledged, List<String> references, String dryRunMessage) {

  public DeleteResult {
    references = List.copyOf(references);
  }
}

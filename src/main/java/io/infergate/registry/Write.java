package io.infergate.registry;

/**
 * What a write to a document did.
 *
 * @param applied      whether it was written; if not, {@code found} says why
 * @param written      the entry written (a tombstone for a delete), or null
 * @param found        the entry it replaced or that refused it; null when there was none, and for an
 *                     applied create (what it created over, at most a tombstone, is of no use)
 * @param acknowledged whether every gateway's read view applied it within the request's timeout
 */
public record Write(boolean applied, StoredDocument written, StoredDocument found, boolean acknowledged) {

  static Write refused(StoredDocument found) {
    return new Write(false, null, found, false);
  }
}

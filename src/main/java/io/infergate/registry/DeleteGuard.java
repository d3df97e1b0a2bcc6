package io.infergate.registry;

import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.infergate.bus.EsError;

/**
 * A kind's rule for when a delete is refused, checked where the delete is applied (on the
 * partition that owns the id), atomically with it, and again by the caller to word the refusal.
 * It travels with the delete, so it is serializable by the kind's own factory.
 */
public interface DeleteGuard extends IdentifiedDataSerializable {

  /**
   * The refusal of deleting {@code live} (null when there is no live document with the id), or
   * null if the delete may go ahead.
   */
  EsError refusal(String id, StoredDocument live);

  /** A guard that refuses only a missing document: 404 {@code <subject> not found [id]}. */
  static DeleteGuard mustExist(String subject) {
    return new MustExist(subject);
  }
}

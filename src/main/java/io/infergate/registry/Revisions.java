package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.infergate.cluster.HazelcastFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * The cluster-wide revision counter that every document kind takes its revisions from: each
 * revision is greater than every one handed out before, across kinds, deletes and re-creates, and
 * across a full-cluster restart or the crash of the member holding it (see {@link RevisionIncrement}).
 */
final class Revisions {

  static final String META_MAP = "infergate.meta";
  static final String KEY = "revision";

  private final IMap<String, long[]> meta;

  Revisions(HazelcastInstance hazelcast) {
    this.meta = hazelcast.getMap(META_MAP);
  }

  /** A fresh revision, on the caller's context. */
  Future<Long> next(Context context) {
    return next(context, 0);
  }

  /** A fresh revision above {@code above} too, on the caller's context. */
  Future<Long> next(Context context, long above) {
    return HazelcastFutures.onContext(meta.submitToKey(KEY, new RevisionIncrement(above)), context);
  }

  /** The last revision handed out; blocks on the cluster. */
  long currentNow() {
    return revisionOf(meta.get(KEY));
  }

  private static long revisionOf(long[] value) {
    return value == null ? 0 : value[0];
  }
}

package io.infergate.registry;

import io.infergate.cluster.ClusterLayout;
import io.infergate.events.EventRetention;
import io.infergate.store.DurableStore;
import io.infergate.store.JdbcRingbufferStore;
import io.infergate.store.StoreWinsMergePolicy;
import java.util.List;

/**
 * The Hazelcast structures of the registry, for {@link io.infergate.cluster.HazelcastConfigFactory}:
 * per document kind a map with a synchronous backup, written through to its table of the durable
 * store (through {@link SignedRows}: only entries with a valid MAC) and merged after a split brain by
 * the store's rows, and the ringbuffer of its events,
 * written through to its table of {@link EventTables}; the revision counter; and the serializers
 * of the registry's and the kinds' entry processors.
 */
public final class RegistryLayout {

  private static final String COUNTER_TABLE = "infergate_meta";

  private RegistryLayout() {
  }

  public static ClusterLayout of(List<DocumentKind<?>> kinds, DurableStore store, EventTables events,
      EntrySigner signer) {
    EventRetention retention = events.retention();
    ClusterLayout layout = new ClusterLayout().serializers(RegistrySerializers.FACTORY_ID, new RegistrySerializers())
        .userContext(EntrySigner.CONTEXT_KEY, signer);
    for (DocumentKind<?> kind : kinds) {
      if (store.isDurable()) {
        SignedRows rows = new SignedRows(store.table(kind.table()), signer.forKind(kind.name()));
        layout.durableMap(kind.mapName(), 1, rows, kind.mergePolicy())
            .userContext(StoreWinsMergePolicy.contextKey(kind.table()), rows);
      } else {
        layout.map(kind.mapName(), 1);
      }
      JdbcRingbufferStore eventTable = events.of(kind);
      if (eventTable != null) {
        layout.durableRingbuffer(kind.eventLog(), retention.count(), retention.age(), eventTable);
      } else {
        layout.ringbuffer(kind.eventLog(), retention.count(), retention.age());
      }
      if (kind.serializers() != null) {
        layout.serializers(kind.serializersFactoryId(), kind.serializers());
      }
    }
    // A durable store keeps the counter's ceiling, written before any revision above it is handed
    // out: a member that crashes with the counter loses nothing, since the next owner loads it from
    // the store and resumes above every revision given. A backup would only put one more member and
    // message on the path of every write. The memory store has nothing to reload it from.
    if (store.isDurable()) {
      layout.durableMap(Revisions.META_MAP, 0,
          new RevisionCeilingStore(store.table(COUNTER_TABLE, String::valueOf, Long::valueOf)), null);
    } else {
      layout.map(Revisions.META_MAP, 1);
    }
    return layout;
  }
}

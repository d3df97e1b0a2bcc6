package io.infergate.registry;

import io.infergate.events.EventIntegrity;
import io.infergate.events.EventRetention;
import io.infergate.store.DurableStore;
import io.infergate.store.JdbcRingbufferStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The tables of the document kinds' event logs in the durable store (none with the memory store):
 * each log's ringbuffer writes through to its table, the log learns from it the oldest event kept,
 * and {@link #prune()} keeps every table within the retention. The events' signatures
 * ({@link EventIntegrity}) go with them: the tables take only signed items, and the logs sign with them.
 */
public final class EventTables {

  private final Map<String, JdbcRingbufferStore> tables;
  private final DurableStore store;
  private final EventRetention retention;
  private final EventIntegrity integrity;

  private EventTables(Map<String, JdbcRingbufferStore> tables, DurableStore store, EventRetention retention,
      EventIntegrity integrity) {
    this.tables = tables;
    this.store = store;
    this.retention = retention;
    this.integrity = integrity;
  }

  /** Creates the tables that are missing. */
  public static EventTables open(List<DocumentKind<?>> kinds, DurableStore store, EventRetention retention,
      EventIntegrity integrity) {
    Map<String, JdbcRingbufferStore> tables = new LinkedHashMap<>();
    if (store.isDurable()) {
      kinds.forEach(kind -> tables.put(kind.eventLog(),
          store.eventTable(kind.eventTable(), itemsOf(kind.eventLog(), integrity))));
    }
    return new EventTables(tables, store, retention, integrity);
  }

  /** The store's view of the log's signatures: the log's name is part of what each item's tag covers. */
  private static JdbcRingbufferStore.ItemIntegrity itemsOf(String log, EventIntegrity integrity) {
    return new JdbcRingbufferStore.ItemIntegrity() {
      @Override
      public boolean accepts(long sequence, String item) {
        return integrity.acceptsItem(log, sequence, item);
      }

      @Override
      public String loaded(String row) {
        return integrity.signedIfUnsigned(log, row);
      }
    };
  }

  /** Signs the events the logs append and publish, and checks those they read. */
  EventIntegrity integrity() {
    return integrity;
  }

  EventRetention retention() {
    return retention;
  }

  /** The table of the kind's log; null with the memory store. */
  JdbcRingbufferStore of(DocumentKind<?> kind) {
    return tables.get(kind.eventLog());
  }

  /** The oldest sequence the kind's table keeps, or -1 when it keeps none or there is no table; blocks. */
  LongSupplier oldestStored(DocumentKind<?> kind) {
    JdbcRingbufferStore table = of(kind);
    return table == null ? () -> -1 : table::oldestSequence;
  }

  /** Completes once the events appended so far are on disk, as the store's durability asks (see {@link DurableStore#committedOnDisk()}). */
  Supplier<CompletionStage<Void>> committedOnDisk() {
    return store::committedOnDisk;
  }

  boolean isEmpty() {
    return tables.isEmpty();
  }

  /** Deletes the events beyond retention from every table; returns how many. Blocks on the store. */
  int prune() {
    return tables.values().stream().mapToInt(table -> table.prune(retention.count(), retention.age())).sum();
  }
}

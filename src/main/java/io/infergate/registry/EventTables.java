package io.infergate.registry;

import io.infergate.events.EventRetention;
import io.infergate.store.DurableStore;
import io.infergate.store.JdbcRingbufferStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The tables of the document kinds' event logs in the durable store (none with the memory store):
 * each log's ringbuffer writes through to its table, the log learns from it the oldest event kept,
 * and {@link #prune()} keeps every table within the retention.
 */
public final class EventTables {

  private final Map<String, JdbcRingbufferStore> tables;
  private final EventRetention retention;

  private EventTables(Map<String, JdbcRingbufferStore> tables, EventRetention retention) {
    this.tables = tables;
    this.retention = retention;
  }

  /** Creates the tables that are missing. */
  public static EventTables open(List<DocumentKind<?>> kinds, DurableStore store, EventRetention retention) {
    Map<String, JdbcRingbufferStore> tables = new LinkedHashMap<>();
    if (store.isDurable()) {
      kinds.forEach(kind -> tables.put(kind.eventLog(), store.eventTable(kind.eventTable())));
    }
    return new EventTables(tables, retention);
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

  boolean isEmpty() {
    return tables.isEmpty();
  }

  /** Deletes the events beyond retention from every table; returns how many. Blocks on the store. */
  int prune() {
    return tables.values().stream().mapToInt(table -> table.prune(retention.count(), retention.age())).sum();
  }
}

package io.infergate.registry;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A kind of replicated document (inference endpoints now; API keys, users and roles next) and
 * what the registry needs to know of it. Everything else (revisions from the cluster-wide
 * counter, tombstones, the durable store, every gateway's read view, acknowledgments, events with
 * a gap-free sequence, the split-brain merge) the registry provides to every kind alike.
 *
 * @param <D> the document as the kind's own rules use it
 */
public interface DocumentKind<D> {

  /** Names the kind in view messages; the map is {@code infergate.<name>}, the table {@code infergate_<name>}. */
  String name();

  default String mapName() {
    return "infergate." + name();
  }

  default String table() {
    return tableOf(name());
  }

  /** The table of the kind named {@code name}. */
  static String tableOf(String name) {
    return "infergate_" + name;
  }

  /** What the log says the documents are ("inference endpoint"). */
  String subject();

  /** The field of the stored body and of each event that holds the document's id ("inference_id"). */
  String idField();

  /** The Hazelcast ringbuffer that logs this kind's events. */
  String eventLog();

  /** The table of the durable store that keeps this kind's events. */
  default String eventTable() {
    return table() + "_events";
  }

  /** Where this kind's events are published. */
  String eventAddress();

  /**
   * The split-brain merge policy of the kind's map when the store is durable: a subclass of
   * {@link io.infergate.store.StoreWinsMergePolicy} naming {@link #table()}.
   */
  String mergePolicy();

  /** The fields of a document that its tombstone keeps, so that a deletion event can say what was deleted. */
  List<String> identityFields();

  /** The stored body of a document, secrets included; only the registry's map and store ever hold it. */
  JsonObject toBody(D document);

  /** The document of a live stored body. */
  D fromBody(JsonObject body);

  /** The fields of an event about the document of this body (live, or a tombstone's identity). */
  JsonObject eventFields(JsonObject body);

  /** The factory of the kind's own entry processors and guards, if it has any, and its id. */
  default DataSerializableFactory serializers() {
    return null;
  }

  default int serializersFactoryId() {
    return 0;
  }
}

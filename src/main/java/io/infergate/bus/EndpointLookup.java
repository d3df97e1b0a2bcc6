package io.infergate.bus;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * This node's read view of the inference endpoints, read on the caller's thread: the perform path
 * and a get by id find their endpoint here, without a hop to the registry verticle. Every node has
 * applied a change to its view before the change is acknowledged, so a resolve after an
 * acknowledged delete finds nothing on any node.
 */
public interface EndpointLookup {

  /**
   * The live endpoint with this id and its revision, secrets included (it never leaves the node).
   *
   * @throws EsException 404 {@code resource_not_found_exception} when there is none, 503
   *     {@code cluster_block_exception} while this node does not serve (cut off or catching up)
   */
  default CurrentEndpoint current(String inferenceId) {
    return find(inferenceId).orElseThrow(() -> notFound(inferenceId).toException());
  }

  /**
   * {@link #current}, empty when there is no live endpoint with this id: for the listeners of
   * {@link #onChange}, which learn of every delete and should not pay for an exception each time.
   *
   * @throws EsException 503 {@code cluster_block_exception} while this node does not serve
   */
  Optional<CurrentEndpoint> find(String inferenceId);

  /**
   * {@link #current}, when its task type is {@code taskType} (any when null): a get by id or a
   * request for an endpoint's stats answers from here, as the registry would.
   *
   * @throws EsException as {@link #current}, and 400 {@code status_exception} when the endpoint's
   *     task type is another
   */
  default CurrentEndpoint current(String inferenceId, String taskType) {
    CurrentEndpoint current = current(inferenceId);
    EsError mismatch = current.definition().taskTypeMismatch(taskType);
    if (mismatch != null) {
      throw mismatch.toException();
    }
    return current;
  }

  /** Elasticsearch's answer for an id that names no endpoint. */
  static EsError notFound(String inferenceId) {
    return new EsError(404, "resource_not_found_exception", "Inference endpoint not found [" + inferenceId + "]");
  }

  /** The live endpoint with this id: {@link #current}'s definition. */
  default EndpointDefinition resolve(String inferenceId) {
    return current(inferenceId).definition();
  }

  /**
   * Calls {@code listener} with the id of each endpoint this node's view changes (created, updated,
   * deleted), once the view holds the change: before the change is acknowledged.
   */
  void onChange(Consumer<String> listener);
}

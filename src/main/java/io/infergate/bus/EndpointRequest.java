package io.infergate.bus;

/**
 * Inference endpoint requests of the router. Writes carry {@code timeoutMs}: how long to wait for
 * every gateway's read view to apply the change before answering {@code "acknowledged": false}.
 */
public sealed interface EndpointRequest extends RegistryRequest {

  Principal principal();

  <R> R accept(Handler<R> handler);

  @Override
  default <R> R accept(RegistryRequest.Handler<R> handler) {
    return handler.endpoint(this);
  }

  /** One method per operation. */
  interface Handler<R> {
    R put(Put request);

    R update(Update request);

    R get(Get request);

    R delete(Delete request);
  }

  /** Creates the endpoint; replies with it ({@link EndpointDefinition}, rendered without secrets). */
  record Put(EndpointDefinition endpoint, long timeoutMs, Principal principal) implements EndpointRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.put(this);
    }
  }

  /**
   * Changes settings of an existing endpoint: {@code changes} holds only the settings to change
   * (its service and task type are ignored); the registry merges them into the stored endpoint and
   * replies with the result ({@link EndpointDefinition}).
   */
  record Update(String taskType, EndpointDefinition changes, long timeoutMs, Principal principal)
      implements EndpointRequest {

    public String inferenceId() {
      return changes.inferenceId();
    }

    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.update(this);
    }
  }

  /** One endpoint, or the list (of the task type, when given) when {@code inferenceId} is null: {@link EndpointList}. */
  record Get(String taskType, String inferenceId, Principal principal) implements EndpointRequest {

    public boolean isList() {
      return inferenceId == null;
    }

    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.get(this);
    }
  }

  /** Deletes the endpoint, or with {@code dryRun} says what a delete would meet: {@link DeleteResult}. */
  record Delete(String taskType, String inferenceId, boolean dryRun, boolean force, long timeoutMs,
      Principal principal) implements EndpointRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.delete(this);
    }
  }
}

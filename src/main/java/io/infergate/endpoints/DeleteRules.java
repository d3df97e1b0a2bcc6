package io.infergate.endpoints;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.infergate.bus.EsError;
import io.infergate.registry.DeleteGuard;
import io.infergate.registry.RegistrySerializable;
import io.infergate.registry.StoredDocument;
import java.io.IOException;
import java.util.List;

/**
 * When an endpoint delete is refused, in Elasticsearch's order: a missing endpoint (404), another
 * task type (400), a reserved id without force (400), references without force (409). Checked
 * where the delete is applied, atomically with it, and again by the caller to word the refusal.
 */
final class DeleteRules extends RegistrySerializable implements DeleteGuard {

  private String taskType;
  private boolean force;
  private boolean reserved;
  private boolean references;

  DeleteRules() {
    super(EndpointSerializers.FACTORY_ID, EndpointSerializers.DELETE_RULES);
  }

  /**
   * @param taskType   the task type the request named, or null
   * @param reserved   whether the id is reserved (leading dot); ignored with force
   * @param references whether references refuse the delete: not with force, not for a dry run
   */
  DeleteRules(String taskType, boolean force, boolean reserved, boolean references) {
    this();
    this.taskType = taskType;
    this.force = force;
    this.reserved = reserved;
    this.references = references;
  }

  @Override
  public EsError refusal(String id, StoredDocument live) {
    EsError unmatched = EndpointMatch.refusal(id, taskType,
        live == null ? null : EndpointKind.sealed(live.body()));
    if (unmatched != null) {
      return unmatched;
    }
    if (reserved && !force) {
      return EsError.statusException(400, "[" + id + "] is a reserved inference endpoint. "
          + "Use the force=true query parameter to delete the inference endpoint.");
    }
    List<String> holders = StoredReferences.holders(live.body());
    if (references && !force && !holders.isEmpty()) {
      return new EsError(409, "status_exception", referencedMessage(id, holders));
    }
    return null;
  }

  static String referencedMessage(String id, List<String> holders) {
    return "Inference endpoint [" + id + "] is referenced by subscribers: " + holders
        + ". Ensure that no subscribers are using this inference endpoint, or use force to ignore this warning"
        + " and delete the inference endpoint.";
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(taskType);
    out.writeBoolean(force);
    out.writeBoolean(reserved);
    out.writeBoolean(references);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    taskType = in.readString();
    force = in.readBoolean();
    reserved = in.readBoolean();
    references = in.readBoolean();
  }
}

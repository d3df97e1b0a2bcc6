package io.infergate.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.infergate.bus.EsError;
import java.io.IOException;

/** The plainest {@link DeleteGuard}: a live document may be deleted; a missing one is a 404. */
final class MustExist extends RegistrySerializable implements DeleteGuard {

  private String subject;

  MustExist() {
    super(RegistrySerializers.MUST_EXIST);
  }

  MustExist(String subject) {
    this();
    this.subject = subject;
  }

  @Override
  public EsError refusal(String id, StoredDocument live) {
    return live != null ? null : new EsError(404, "resource_not_found_exception", subject + " not found [" + id + "]");
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(subject);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    subject = in.readString();
  }
}

package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.testing.StoredBodies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored text of a registry entry: the envelope ({@code revision}, {@code written_by},
 * {@code deleted_at}) lives beside the body in the text but never inside the decoded body, and
 * rows written by the previous version of the code still decode.
 */
class StoredDocumentUnitTest {

  private static final List<String> IDENTITY = List.of("inference_id", "task_type", "service");

  @Test
  void aLiveDocumentKeepsItsEnvelopeOutsideItsBody() {
    JsonObject body = StoredBodies.endpoint();
    StoredDocument live = StoredDocument.live("a", body, 7, "m1");

    assertThat(live.id()).isEqualTo("a");
    assertThat(live.revision()).isEqualTo(7);
    assertThat(live.writer()).isEqualTo("m1");
    assertThat(live.isTombstone()).isFalse();
    assertThat(live.deletedAtMillis()).isZero();
    assertThat(live.body()).isEqualTo(StoredBodies.endpoint());
    assertThat(body).as("the caller's body is not changed").isEqualTo(StoredBodies.endpoint());
    assertThat(new JsonObject(live.encoded())).isEqualTo(StoredBodies.endpoint().put("revision", 7).put("written_by", "m1"));
  }

  @Test
  void aLiveDocumentDecodesToItself() {
    StoredDocument live = StoredDocument.live("a", StoredBodies.endpoint(), 7, "m1");

    StoredDocument decoded = StoredDocument.decode("a", live.encoded());

    assertThat(decoded).isEqualTo(live);
    assertThat(decoded.body().fieldNames()).doesNotContain("revision", "written_by", "deleted_at");
  }

  @Test
  void aTombstoneKeepsOnlyTheIdentityFields() {
    StoredDocument live = StoredDocument.live("a", StoredBodies.endpoint().put("references", "anything"), 7, "m1");

    StoredDocument tombstone = StoredDocument.tombstone(live, IDENTITY, 8, 123, "m2");

    assertThat(tombstone.id()).isEqualTo("a");
    assertThat(tombstone.isTombstone()).isTrue();
    assertThat(tombstone.revision()).isEqualTo(8);
    assertThat(tombstone.deletedAtMillis()).isEqualTo(123);
    assertThat(tombstone.writer()).isEqualTo("m2");
    assertThat(tombstone.body()).isEqualTo(new JsonObject()
        .put("inference_id", "a").put("task_type", "sparse_embedding").put("service", "hugging_face"));
    assertThat(new JsonObject(tombstone.encoded())).isEqualTo(tombstone.body().copy()
        .put("revision", 8).put("deleted_at", 123).put("written_by", "m2"));
    assertThat(tombstone.encoded()).doesNotContain("secret_settings", "api_key", "service_settings", "references");
  }

  @Test
  void aTombstoneDecodesToItself() {
    StoredDocument tombstone = StoredDocument.tombstone(StoredDocument.live("a", StoredBodies.endpoint(), 7, "m1"), IDENTITY, 8,
        123, "m2");

    StoredDocument decoded = StoredDocument.decode("a", tombstone.encoded());

    assertThat(decoded).isEqualTo(tombstone);
    assertThat(decoded.body().fieldNames()).doesNotContain("revision", "written_by", "deleted_at");
  }

  @Test
  void aTombstoneLeavesOutIdentityFieldsTheDocumentDidNotHave() {
    StoredDocument live = StoredDocument.live("a", new JsonObject().put("inference_id", "a"), 7, "m1");

    StoredDocument tombstone = StoredDocument.tombstone(live, IDENTITY, 8, 123, "m1");

    assertThat(tombstone.body()).isEqualTo(new JsonObject().put("inference_id", "a"));
    assertThat(StoredDocument.decode("a", tombstone.encoded())).isEqualTo(tombstone);
  }

  @Test
  void aLiveRowOfThePreviousVersionDecodes() {
    String row = "{\"inference_id\":\"a\",\"task_type\":\"sparse_embedding\",\"service\":\"hugging_face\","
        + "\"service_settings\":{\"url\":\"u\"},\"secret_settings\":{\"api_key\":\"k\"},\"revision\":7,"
        + "\"written_by\":\"m1\",\"references\":[{\"holder\":\"h\",\"since\":5}]}";

    StoredDocument decoded = StoredDocument.decode("a", row);

    assertThat(decoded.id()).isEqualTo("a");
    assertThat(decoded.revision()).isEqualTo(7);
    assertThat(decoded.writer()).isEqualTo("m1");
    assertThat(decoded.isTombstone()).isFalse();
    assertThat(decoded.deletedAtMillis()).isZero();
    assertThat(decoded.body()).isEqualTo(StoredBodies.endpoint()
        .put("references", new JsonArray().add(new JsonObject().put("holder", "h").put("since", 5))));
    assertThat(decoded.encoded()).as("conditional writes compare against the exact stored text").isEqualTo(row);
  }

  @Test
  void aTombstoneRowOfThePreviousVersionDecodes() {
    String row = "{\"inference_id\":\"a\",\"task_type\":\"sparse_embedding\",\"service\":\"hugging_face\","
        + "\"revision\":8,\"deleted_at\":123,\"written_by\":\"m1\"}";

    StoredDocument decoded = StoredDocument.decode("a", row);

    assertThat(decoded.isTombstone()).isTrue();
    assertThat(decoded.revision()).isEqualTo(8);
    assertThat(decoded.deletedAtMillis()).isEqualTo(123);
    assertThat(decoded.writer()).isEqualTo("m1");
    assertThat(decoded.body()).isEqualTo(new JsonObject()
        .put("inference_id", "a").put("task_type", "sparse_embedding").put("service", "hugging_face"));
    assertThat(decoded.encoded()).isEqualTo(row);
  }

  @Test
  void withBodyKeepsTheRevisionAndTheWriter() {
    StoredDocument live = StoredDocument.live("a", StoredBodies.endpoint(), 7, "m1");
    JsonObject changed = StoredBodies.endpoint().put("references", new JsonArray());

    StoredDocument rewritten = live.withBody(changed);

    assertThat(rewritten.id()).isEqualTo("a");
    assertThat(rewritten.revision()).isEqualTo(7);
    assertThat(rewritten.writer()).isEqualTo("m1");
    assertThat(rewritten.isTombstone()).isFalse();
    assertThat(rewritten.body()).isEqualTo(changed);
    assertThat(StoredDocument.decode("a", rewritten.encoded())).isEqualTo(rewritten);
    assertThat(live.body()).as("the original is not changed").isEqualTo(StoredBodies.endpoint());
  }

  @Test
  void aTombstoneCannotTakeABody() {
    StoredDocument live = StoredDocument.live("a", new JsonObject().put("inference_id", "a"), 3, "m1");
    StoredDocument tombstone = StoredDocument.tombstone(live, List.of("inference_id"), 4, 99, "m1");
    assertThatThrownBy(() -> tombstone.withBody(new JsonObject()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theRevisionIsReadFromTheTextWithoutParsingIt() {
    JsonObject nested = StoredBodies.endpoint().put("task_settings", new JsonObject().put("revision", 3));
    StoredDocument live = TestSeals.ENDPOINTS.live("a", nested, 41, "m1");
    assertThat(StoredDocument.revisionOf(live.encoded())).isEqualTo(41);
    assertThat(StoredDocument.revisionOf(TestSeals.ENDPOINTS.tombstone(live, IDENTITY, 42, 123, "m1").encoded()))
        .isEqualTo(42);
    assertThat(StoredDocument.revisionOf("{\"inference_id\":\"a\",\"revision\":7,\"written_by\":\"m1\","
        + "\"references\":[{\"holder\":\"h\",\"since\":5}]}")).as("a row of an earlier version").isEqualTo(7);
    assertThat(StoredDocument.revisionOf(StoredDocument.live("a", nested, 9_000_000_000L, "m1").encoded()))
        .isEqualTo(9_000_000_000L);
  }
}

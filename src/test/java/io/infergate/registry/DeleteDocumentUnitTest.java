package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.endpoints.EndpointGuards;
import io.infergate.testing.TestSecrets;
import io.infergate.registry.DocumentChange.Status;
import io.infergate.testing.RecordingEntry;
import io.infergate.testing.StoredBodies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Deleting a document on the partition that owns its id, behind the endpoints' delete rules: every
 * refusal leaves the entry as it was; an allowed delete leaves a tombstone with the identity fields.
 */
class DeleteDocumentUnitTest {

  private static final long DELETED_AT = 1_700_000_000_000L;

  private static StoredDocument live(long revision) {
    return TestSeals.ENDPOINTS.live("a", StoredBodies.endpoint(), revision, "m1");
  }

  private static StoredDocument referenced(long revision) {
    return TestSeals.ENDPOINTS.live("a", StoredBodies.endpoint()
        .put("references", new JsonArray().add(new JsonObject().put("holder", "h").put("since", 5))), revision, "m1");
  }

  private static SingleDocumentWrite delete(DeleteGuard guard, long revision) {
    return new DeleteDocument("endpoints", guard, TestSecrets.ENDPOINTS.identityFields(), revision, DELETED_AT, "m2")
        .useSigner(TestSeals.SIGNER);
  }

  /** A plain delete: no task type named, no force, an ordinary id, references refuse it. */
  private static DeleteGuard rules() {
    return EndpointGuards.deleteRules(null, false, false, true);
  }

  private static void assertRefusedUnchanged(DeleteGuard guard, String stored) {
    RecordingEntry entry = new RecordingEntry("a", stored);

    DocumentChange change = delete(guard, 9).process(entry);

    assertThat(change.status()).isEqualTo(Status.REFUSED);
    assertThat(change.found()).isEqualTo(stored);
    assertThat(change.written()).isNull();
    assertThat(entry.getValue()).isEqualTo(stored);
    assertThat(entry.writes()).isZero();
  }

  private static void assertDeleted(DeleteGuard guard, StoredDocument before) {
    RecordingEntry entry = new RecordingEntry("a", before.encoded());

    DocumentChange change = delete(guard, 9).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(change.found()).isEqualTo(before.encoded());
    assertThat(change.written()).isEqualTo(entry.getValue());
    StoredDocument tombstone = StoredDocument.decode("a", entry.getValue());
    assertThat(TestSeals.ENDPOINTS.isValid("a", entry.getValue())).as("signed by the partition owner").isTrue();
    assertThat(tombstone.isTombstone()).isTrue();
    assertThat(tombstone.revision()).isEqualTo(9);
    assertThat(tombstone.deletedAtMillis()).isEqualTo(DELETED_AT);
    assertThat(tombstone.writer()).isEqualTo("m2");
    assertThat(tombstone.body()).isEqualTo(new JsonObject()
        .put("inference_id", "a").put("task_type", "sparse_embedding").put("service", "hugging_face"));
  }

  @Test
  void aMissingDocumentRefusesIt() {
    assertRefusedUnchanged(rules(), null);
  }

  @Test
  void aTombstoneRefusesIt() {
    assertRefusedUnchanged(rules(), TestSeals.ENDPOINTS.tombstone(live(5), TestSecrets.ENDPOINTS.identityFields(), 6,
        DELETED_AT, "m1").encoded());
  }

  @Test
  void anotherTaskTypeRefusesItEvenWithForce() {
    assertRefusedUnchanged(EndpointGuards.deleteRules("text_embedding", false, false, true), live(5).encoded());
    assertRefusedUnchanged(EndpointGuards.deleteRules("text_embedding", true, false, true), live(5).encoded());
  }

  @Test
  void aReservedIdRefusesItWithoutForce() {
    assertRefusedUnchanged(EndpointGuards.deleteRules(null, false, true, true), live(5).encoded());
  }

  @Test
  void referencesRefuseItWithoutForce() {
    assertRefusedUnchanged(rules(), referenced(5).encoded());
  }

  @Test
  void anAllowedDeleteLeavesATombstoneWithTheIdentityFields() {
    assertDeleted(rules(), live(5));
    assertDeleted(EndpointGuards.deleteRules("sparse_embedding", false, false, true), live(5));
  }

  @Test
  void forceDeletesAReservedOrReferencedDocumentAndItsReferencesEndWithIt() {
    assertDeleted(EndpointGuards.deleteRules(null, true, true, true), live(5));
    assertDeleted(EndpointGuards.deleteRules(null, true, false, true), referenced(5));
  }

  @Test
  void aDocumentAtTheSameOrALaterRevisionMakesItTakeANewRevision() {
    for (long liveRevision : new long[] {9, 12}) {
      String stored = live(liveRevision).encoded();
      RecordingEntry entry = new RecordingEntry("a", stored);

      DocumentChange change = delete(rules(), 9).process(entry);

      assertThat(change.status()).as("live at %d", liveRevision).isEqualTo(Status.STALE_REVISION);
      assertThat(change.found()).isEqualTo(stored);
      assertThat(entry.getValue()).isEqualTo(stored);
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void aRerunAfterAMemberFailureFindsItsOwnTombstoneAndChangesNothing() {
    RecordingEntry entry = new RecordingEntry("a", live(5).encoded());
    SingleDocumentWrite delete = delete(rules(), 9);
    String tombstone = delete.process(entry).written();

    DocumentChange rerun = delete.process(entry);

    assertThat(rerun.status()).isEqualTo(Status.WRITTEN);
    assertThat(rerun.written()).isEqualTo(tombstone);
    assertThat(entry.getValue()).isEqualTo(tombstone);
    assertThat(entry.writes()).as("only the first run wrote").isEqualTo(1);
  }

  @Test
  void aTombstoneOfTheSameRevisionByAnotherWriterIsNotARerun() {
    String theirs = TestSeals.ENDPOINTS.tombstone(live(5), TestSecrets.ENDPOINTS.identityFields(), 9, DELETED_AT, "m3")
        .encoded();

    assertRefusedUnchanged(rules(), theirs);
  }

  @Test
  void aLiveValueWithoutAValidMacIsNeitherDeletedNorMadeATombstone() {
    assertRefusedUnchanged(rules(), StoredDocument.live("a", StoredBodies.endpoint(), 5, "m1").encoded());
    assertRefusedUnchanged(rules(), TestSeals.ENDPOINTS.live("a", StoredBodies.endpoint(), 5, "m1").encoded()
        .replace("hugging_face", "openai"));
  }

  @Test
  void itAndItsRulesDecideTheSameAfterTravellingToTheOwningMember() {
    SingleDocumentWrite arrived = DataSerialization.roundTrip(delete(rules(), 9)).useSigner(TestSeals.SIGNER);

    RecordingEntry refused = new RecordingEntry("a", referenced(5).encoded());
    assertThat(arrived.process(refused).status()).as("the rules travelled").isEqualTo(Status.REFUSED);

    RecordingEntry otherType = new RecordingEntry("a", live(5).encoded());
    SingleDocumentWrite wrongType = DataSerialization.roundTrip(
        delete(EndpointGuards.deleteRules("text_embedding", true, false, true), 9)).useSigner(TestSeals.SIGNER);
    assertThat(wrongType.process(otherType).status()).isEqualTo(Status.REFUSED);

    RecordingEntry stale = new RecordingEntry("a", live(9).encoded());
    assertThat(arrived.process(stale).status()).as("the revision travelled").isEqualTo(Status.STALE_REVISION);

    RecordingEntry allowed = new RecordingEntry("a", live(5).encoded());
    assertThat(arrived.process(allowed).status()).isEqualTo(Status.WRITTEN);
    StoredDocument tombstone = StoredDocument.decode("a", allowed.getValue());
    assertThat(tombstone.deletedAtMillis()).isEqualTo(DELETED_AT);
    assertThat(tombstone.writer()).isEqualTo("m2");
    assertThat(tombstone.body().fieldNames()).containsExactlyInAnyOrder("inference_id", "task_type", "service");

    assertThat(arrived.process(allowed).status()).as("the writer travelled: a rerun").isEqualTo(Status.WRITTEN);
    assertThat(allowed.writes()).isEqualTo(1);
  }
}

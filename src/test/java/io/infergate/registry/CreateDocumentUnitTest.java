package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.registry.DocumentChange.Status;
import io.infergate.testing.RecordingEntry;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Creating a document on the partition that owns its id: over nothing, a tombstone, a live document, itself. */
class CreateDocumentUnitTest {

  private static final List<String> IDENTITY = List.of("inference_id", "task_type", "service");

  private static StoredDocument live(long revision, String url) {
    return TestSeals.ENDPOINTS.live("a", new JsonObject().put("inference_id", "a").put("task_type", "sparse_embedding")
        .put("service", "hugging_face").put("service_settings", new JsonObject().put("url", url)), revision, "m1");
  }

  private static StoredDocument tombstone(long revision) {
    return TestSeals.ENDPOINTS.tombstone(live(revision - 1, "old"), IDENTITY, revision, 123, "m1");
  }

  private static SingleDocumentWrite create(StoredDocument created) {
    return new CreateDocument("endpoints", created).useSigner(TestSeals.SIGNER);
  }

  @Test
  void aValueWithoutAValidMacIsRefusedAsFoundWhateverItSays() {
    String unsigned = StoredDocument.tombstone(live(4, "old"), IDENTITY, 5, 123, "rogue").encoded();
    String forged = TestSeals.ENDPOINTS.live("a", new JsonObject().put("inference_id", "a"), 3, "m1").encoded()
        .replace("\"revision\":3", "\"revision\":2");
    String otherId = TestSeals.ENDPOINTS.tombstone(live(4, "old"), IDENTITY, 5, 123, "m1").encoded();
    for (String found : new String[] {unsigned, forged}) {
      RecordingEntry entry = new RecordingEntry("a", found);
      DocumentChange change = create(live(7, "u")).process(entry);
      assertThat(change.status()).isEqualTo(Status.REFUSED);
      assertThat(change.found()).isEqualTo(found);
      assertThat(entry.writes()).isZero();
    }
    RecordingEntry elsewhere = new RecordingEntry("b", otherId);
    assertThat(create(live(7, "u")).process(elsewhere).status()).as("a value signed for another id")
        .isEqualTo(Status.REFUSED);
  }

  @Test
  void aFreshIdIsWritten() {
    StoredDocument created = live(7, "u");
    RecordingEntry entry = new RecordingEntry("a", null);

    DocumentChange change = create(created).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(change.found()).isNull();
    assertThat(change.written()).isEqualTo(created.encoded());
    assertThat(entry.getValue()).isEqualTo(created.encoded());
  }

  @Test
  void aTombstoneWithALowerRevisionIsReplaced() {
    StoredDocument deleted = tombstone(5);
    StoredDocument created = live(7, "u");
    RecordingEntry entry = new RecordingEntry("a", deleted.encoded());

    DocumentChange change = create(created).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(change.found()).isEqualTo(deleted.encoded());
    assertThat(change.written()).isEqualTo(created.encoded());
    assertThat(entry.getValue()).isEqualTo(created.encoded());
  }

  @Test
  void aTombstoneWithAHigherOrTheSameRevisionMakesItTakeANewRevision() {
    for (long tombstoneRevision : new long[] {9, 7}) {
      StoredDocument deleted = tombstone(tombstoneRevision);
      RecordingEntry entry = new RecordingEntry("a", deleted.encoded());

      DocumentChange change = create(live(7, "u")).process(entry);

      assertThat(change.status()).as("tombstone at %d", tombstoneRevision).isEqualTo(Status.STALE_REVISION);
      assertThat(change.found()).isEqualTo(deleted.encoded());
      assertThat(change.written()).isNull();
      assertThat(entry.getValue()).isEqualTo(deleted.encoded());
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void aLiveDocumentRefusesItWhateverItsRevision() {
    for (long liveRevision : new long[] {3, 9}) {
      StoredDocument existing = live(liveRevision, "theirs");
      RecordingEntry entry = new RecordingEntry("a", existing.encoded());

      DocumentChange change = create(live(7, "mine")).process(entry);

      assertThat(change.status()).as("live at %d", liveRevision).isEqualTo(Status.REFUSED);
      assertThat(change.found()).isEqualTo(existing.encoded());
      assertThat(change.written()).isNull();
      assertThat(entry.getValue()).isEqualTo(existing.encoded());
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void aRerunAfterAMemberFailureFindsItsOwnValueAndChangesNothing() {
    StoredDocument created = live(7, "u");
    RecordingEntry entry = new RecordingEntry("a", created.encoded());

    DocumentChange change = create(created).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(change.written()).isEqualTo(created.encoded());
    assertThat(entry.getValue()).isEqualTo(created.encoded());
    assertThat(entry.writes()).isZero();
  }

  @Test
  void itDecidesTheSameAfterTravellingToTheOwningMember() {
    StoredDocument created = live(7, "u");
    SingleDocumentWrite arrived = DataSerialization.roundTrip(new CreateDocument("endpoints", created))
        .useSigner(TestSeals.SIGNER);

    RecordingEntry fresh = new RecordingEntry("a", null);
    assertThat(arrived.process(fresh).status()).isEqualTo(Status.WRITTEN);
    assertThat(fresh.getValue()).isEqualTo(created.encoded());

    RecordingEntry newerTombstone = new RecordingEntry("a", tombstone(8).encoded());
    assertThat(arrived.process(newerTombstone).status()).as("the revision travelled").isEqualTo(Status.STALE_REVISION);
  }
}

package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.registry.DocumentChange.Status;
import io.infergate.testing.RecordingEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replacing a document only if the entry is still exactly the version the replacement was made from. */
class ReplaceDocumentUnitTest {

  private static StoredDocument live(long revision, String url) {
    return StoredDocument.live("a", new JsonObject().put("inference_id", "a").put("task_type", "sparse_embedding")
        .put("service", "hugging_face").put("service_settings", new JsonObject().put("url", url)), revision, "m1");
  }

  @Test
  void theExpectedVersionIsReplaced() {
    StoredDocument expected = live(7, "u");
    StoredDocument replacement = live(9, "v");
    RecordingEntry entry = new RecordingEntry("a", expected.encoded());

    DocumentChange change = new ReplaceDocument(expected, replacement).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(change.found()).isEqualTo(expected.encoded());
    assertThat(change.written()).isEqualTo(replacement.encoded());
    assertThat(entry.getValue()).isEqualTo(replacement.encoded());
  }

  @Test
  void aRevisionNotAboveTheExpectedOnesMakesItTakeANewRevision() {
    for (long revision : new long[] {7, 3}) {
      StoredDocument expected = live(7, "u");
      RecordingEntry entry = new RecordingEntry("a", expected.encoded());

      DocumentChange change = new ReplaceDocument(expected, live(revision, "v")).process(entry);

      assertThat(change.status()).as("revision %d from a counter set back", revision).isEqualTo(Status.STALE_REVISION);
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void theCounterTakesTheNextRevisionAboveOneAWriteFound() {
    java.util.Map.Entry<String, long[]> entry = new java.util.AbstractMap.SimpleEntry<>("revision", new long[] {1, 1});
    assertThat(new RevisionIncrement().process(entry)).isEqualTo(2);
    assertThat(DataSerialization.roundTrip(new RevisionIncrement(500)).process(entry)).isEqualTo(501);
    assertThat(entry.getValue()[1]).as("its ceiling above it").isGreaterThan(501);
    assertThat(new RevisionIncrement(10).process(entry)).as("never lower").isEqualTo(502);
  }

  @Test
  void anEntryChangedMeanwhileRefusesIt() {
    StoredDocument expected = live(7, "u");
    StoredDocument referenced = expected.withBody(expected.body().copy()
        .put("references", new JsonArray().add(new JsonObject().put("holder", "h").put("since", 5))));
    List<String> meanwhile = List.of(
        live(8, "w").encoded(),
        referenced.encoded(),
        StoredDocument.tombstone(expected, List.of("inference_id"), 8, 123, "m1").encoded());
    for (String changed : meanwhile) {
      RecordingEntry entry = new RecordingEntry("a", changed);

      DocumentChange change = new ReplaceDocument(expected, live(9, "v")).process(entry);

      assertThat(change.status()).as(changed).isEqualTo(Status.REFUSED);
      assertThat(change.found()).isEqualTo(changed);
      assertThat(change.written()).isNull();
      assertThat(entry.getValue()).isEqualTo(changed);
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void aMissingEntryRefusesIt() {
    RecordingEntry entry = new RecordingEntry("a", null);

    DocumentChange change = new ReplaceDocument(live(7, "u"), live(9, "v")).process(entry);

    assertThat(change.status()).isEqualTo(Status.REFUSED);
    assertThat(change.found()).isNull();
    assertThat(entry.getValue()).isNull();
    assertThat(entry.writes()).isZero();
  }

  @Test
  void aRerunAfterAMemberFailureFindsItsReplacementAndChangesNothing() {
    StoredDocument expected = live(7, "u");
    StoredDocument replacement = live(9, "v");
    RecordingEntry entry = new RecordingEntry("a", replacement.encoded());

    DocumentChange change = new ReplaceDocument(expected, replacement).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(change.found()).as("what the first run replaced").isEqualTo(expected.encoded());
    assertThat(change.written()).isEqualTo(replacement.encoded());
    assertThat(entry.getValue()).isEqualTo(replacement.encoded());
    assertThat(entry.writes()).isZero();
  }

  @Test
  void itDecidesTheSameAfterTravellingToTheOwningMember() {
    StoredDocument expected = live(7, "u");
    StoredDocument replacement = live(9, "v");
    ReplaceDocument arrived = DataSerialization.roundTrip(new ReplaceDocument(expected, replacement));

    RecordingEntry entry = new RecordingEntry("a", expected.encoded());
    assertThat(arrived.process(entry).status()).isEqualTo(Status.WRITTEN);
    assertThat(entry.getValue()).isEqualTo(replacement.encoded());

    RecordingEntry changed = new RecordingEntry("a", live(8, "w").encoded());
    assertThat(arrived.process(changed).status()).isEqualTo(Status.REFUSED);
  }
}

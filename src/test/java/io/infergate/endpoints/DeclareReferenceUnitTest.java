package io.infergate.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.References.Reference;
import io.infergate.registry.DataSerialization;
import io.infergate.registry.DocumentChange.Status;
import io.infergate.registry.DocumentChange;
import io.infergate.registry.StoredDocument;
import io.infergate.testing.RecordingEntry;
import io.infergate.testing.StoredBodies;
import io.infergate.testing.TestSecrets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Declaring, renewing and ending a holder's reference in the endpoint's own entry: the endpoint
 * keeps its revision and writer (no view or event sees references), and nothing but a live
 * endpoint takes one.
 */
class DeclareReferenceUnitTest {

  private static StoredDocument live(Reference... references) {
    return TestSecrets.ENDPOINT_ENTRIES.live("a", StoredReferences.with(StoredBodies.endpoint(), List.of(references)), 7, "m1");
  }

  /** The entry after a write: the same endpoint at the same revision by the same writer. */
  private static StoredDocument sameEndpoint(RecordingEntry entry) {
    StoredDocument after = StoredDocument.decode("a", entry.getValue());
    assertThat(after.isTombstone()).isFalse();
    assertThat(after.revision()).isEqualTo(7);
    assertThat(after.writer()).isEqualTo("m1");
    JsonObject withoutReferences = after.body().copy();
    withoutReferences.remove("references");
    assertThat(withoutReferences).isEqualTo(StoredBodies.endpoint());
    return after;
  }

  private static void assertRefusedUnchanged(DeclareReference declare, String stored) {
    RecordingEntry entry = new RecordingEntry("a", stored);

    DocumentChange change = declare.process(entry);

    assertThat(change.status()).isEqualTo(Status.REFUSED);
    assertThat(change.found()).isEqualTo(stored);
    assertThat(change.written()).isNull();
    assertThat(entry.getValue()).isEqualTo(stored);
    assertThat(entry.writes()).isZero();
  }

  @Test
  void aReferenceIsAdded() {
    String before = live().encoded();
    RecordingEntry entry = new RecordingEntry("a", before);

    DocumentChange change = DeclareReference.add("h", "node-1", null, 5).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(change.found()).isEqualTo(before);
    assertThat(change.written()).isEqualTo(entry.getValue());
    assertThat(StoredReferences.of(sameEndpoint(entry).body())).containsExactly(new Reference("h", "node-1", 5));
  }

  @Test
  void aReferenceWithoutANodeIsAdded() {
    RecordingEntry entry = new RecordingEntry("a", live().encoded());

    DeclareReference.add("h", null, null, 5).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

    assertThat(StoredReferences.of(sameEndpoint(entry).body())).containsExactly(new Reference("h", null, 5));
  }

  @Test
  void renewingReplacesTheHoldersReferenceAndKeepsTheOthers() {
    RecordingEntry entry = new RecordingEntry("a",
        live(new Reference("h", "node-1", 5), new Reference("g", null, 6)).encoded());

    DocumentChange change = DeclareReference.add("h", "node-2", null, 9).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(StoredReferences.of(sameEndpoint(entry).body()))
        .containsExactlyInAnyOrder(new Reference("g", null, 6), new Reference("h", "node-2", 9));
  }

  @Test
  void aReferenceIsRemovedAndTheOthersKept() {
    RecordingEntry entry = new RecordingEntry("a",
        live(new Reference("h", "node-1", 5), new Reference("g", null, 6)).encoded());

    DocumentChange change = DeclareReference.remove("h", null).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

    assertThat(change.status()).isEqualTo(Status.WRITTEN);
    assertThat(StoredReferences.of(sameEndpoint(entry).body())).containsExactly(new Reference("g", null, 6));
  }

  @Test
  void aHoldersReferencesUnderOtherOwnersAreNeitherRenewedNorEnded() {
    RecordingEntry entry = new RecordingEntry("a", live(new Reference("h", null, 5)).encoded());

    DeclareReference.add("h", "node-1", "stream-1", 6).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    DeclareReference.add("h", "node-2", "stream-2", 7).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    DeclareReference.add("h", "node-1", "stream-1", 8).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    assertThat(StoredReferences.of(sameEndpoint(entry).body())).containsExactlyInAnyOrder(new Reference("h", null, 5),
        new Reference("h", "node-1", 8, "stream-1"), new Reference("h", "node-2", 7, "stream-2"));
    assertThat(StoredReferences.holders(sameEndpoint(entry).body())).containsExactly("h");

    DataSerialization.roundTrip(DeclareReference.remove("h", "stream-1")).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    assertRefusedUnchanged(DeclareReference.remove("h", "stream-1").usingSeal(TestSecrets.ENDPOINT_ENTRIES), entry.getValue());
    DeclareReference.remove("h", null).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    assertThat(StoredReferences.of(sameEndpoint(entry).body()))
        .containsExactly(new Reference("h", "node-2", 7, "stream-2"));
  }

  @Test
  void removingTheLastReferenceLeavesNoReferencesField() {
    RecordingEntry entry = new RecordingEntry("a", live(new Reference("h", "node-1", 5)).encoded());

    DeclareReference.remove("h", null).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

    assertThat(sameEndpoint(entry).body().containsKey("references")).isFalse();
  }

  @Test
  void removingAnUnknownHoldersReferenceIsRefused() {
    assertRefusedUnchanged(DeclareReference.remove("x", null).usingSeal(TestSecrets.ENDPOINT_ENTRIES), live(new Reference("h", "node-1", 5)).encoded());
    assertRefusedUnchanged(DeclareReference.remove("x", null).usingSeal(TestSecrets.ENDPOINT_ENTRIES), live().encoded());
  }

  @Test
  void aTombstoneOrAMissingEndpointRefusesEveryChange() {
    String tombstone = TestSecrets.ENDPOINT_ENTRIES.tombstone(live(), TestSecrets.ENDPOINTS.identityFields(), 8, 123, "m1")
        .encoded();
    for (String stored : new String[] {tombstone, null}) {
      assertRefusedUnchanged(DeclareReference.add("h", "node-1", null, 5).usingSeal(TestSecrets.ENDPOINT_ENTRIES), stored);
      assertRefusedUnchanged(DeclareReference.remove("h", null).usingSeal(TestSecrets.ENDPOINT_ENTRIES), stored);
    }
  }

  @Test
  void aValueWithoutAValidMacIsNeitherChangedNorSignedAgain() {
    String unsigned = StoredDocument.live("a", StoredReferences.with(StoredBodies.endpoint(), List.of()), 7, "m1")
        .encoded();
    String altered = live(new Reference("h", "node-1", 5)).encoded().replace("node-1", "node-9");
    for (String forged : List.of(unsigned, altered)) {
      RecordingEntry entry = new RecordingEntry("a", forged);
      DocumentChange change = DeclareReference.add("g", "node-1", null, 9).usingSeal(TestSecrets.ENDPOINT_ENTRIES)
          .process(entry);
      assertThat(change.status()).isEqualTo(Status.REFUSED);
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void aRowOfThePreviousVersionTakesAReference() {
    String row = "{\"inference_id\":\"a\",\"task_type\":\"sparse_embedding\",\"service\":\"hugging_face\","
        + "\"service_settings\":{\"url\":\"u\"},\"secret_settings\":{\"api_key\":\"k\"},\"revision\":7,"
        + "\"written_by\":\"m1\",\"references\":[{\"holder\":\"h\",\"since\":5}]}";
    RecordingEntry entry = new RecordingEntry("a", TestSecrets.ENDPOINT_ENTRIES.signedIfLegacy("a", row));

    DeclareReference.add("g", "node-1", null, 9).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

    assertThat(StoredReferences.of(sameEndpoint(entry).body()))
        .containsExactlyInAnyOrder(new Reference("h", null, 5), new Reference("g", "node-1", 9));
  }

  @Test
  void itDecidesTheSameAfterTravellingToTheOwningMember() {
    RecordingEntry entry = new RecordingEntry("a", live(new Reference("g", null, 6)).encoded());

    DataSerialization.roundTrip(DeclareReference.add("h", "node-1", null, 5)).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    assertThat(StoredReferences.of(sameEndpoint(entry).body()))
        .containsExactlyInAnyOrder(new Reference("g", null, 6), new Reference("h", "node-1", 5));

    DataSerialization.roundTrip(DeclareReference.add("g", null, null, 8)).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    assertThat(StoredReferences.of(sameEndpoint(entry).body()))
        .containsExactlyInAnyOrder(new Reference("g", null, 8), new Reference("h", "node-1", 5));

    DataSerialization.roundTrip(DeclareReference.remove("g", null)).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);
    assertThat(StoredReferences.of(sameEndpoint(entry).body())).containsExactly(new Reference("h", "node-1", 5));

    assertRefusedUnchanged(DataSerialization.roundTrip(DeclareReference.remove("g", null)).usingSeal(TestSecrets.ENDPOINT_ENTRIES), entry.getValue());
  }

  @Test
  void theStoredFormOfAReferenceIsTheWireForm() {
    JsonObject stored = StoredReferences.with(StoredBodies.endpoint(), List.of(new Reference("h", "node-1", 5),
        new Reference("g", null, 6), new Reference("h", "node-1", 7, "stream-1")));

    assertThat(stored.getJsonArray("references")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("holder", "h").put("since", 5).put("holder_node", "node-1"))
        .add(new JsonObject().put("holder", "g").put("since", 6))
        .add(new JsonObject().put("holder", "h").put("since", 7).put("holder_node", "node-1").put("owner", "stream-1")));
    assertThat(StoredBodies.endpoint().containsKey("references")).isFalse();
  }
}

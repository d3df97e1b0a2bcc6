package io.infergate.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.References.Reference;
import io.infergate.registry.DataSerialization;
import io.infergate.registry.StoredDocument;
import io.infergate.testing.RecordingEntry;
import io.infergate.testing.StoredBodies;
import io.infergate.testing.TestSecrets;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The references held by departed nodes end; those of current members and those without a node stay. */
class ReleaseOrphanReferencesUnitTest {

  private static final Reference ON_MEMBER = new Reference("on-member", "n1", 5);
  private static final Reference ON_DEPARTED = new Reference("on-departed", "n2", 6);
  private static final Reference ON_DEPARTED_TOO = new Reference("on-departed-too", "n3", 7);
  private static final Reference WITHOUT_NODE = new Reference("without-node", null, 8);

  private static StoredDocument live(Reference... references) {
    return TestSecrets.ENDPOINT_ENTRIES.live("a", StoredReferences.with(StoredBodies.endpoint(), List.of(references)), 7, "m1");
  }

  @Test
  void theReferencesOfDepartedNodesEndAndTheEndpointKeepsItsRevision() {
    RecordingEntry entry = new RecordingEntry("a",
        live(ON_MEMBER, ON_DEPARTED, WITHOUT_NODE, ON_DEPARTED_TOO).encoded());

    int released = new ReleaseOrphanReferences(Set.of("n1")).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

    assertThat(released).isEqualTo(2);
    StoredDocument after = StoredDocument.decode("a", entry.getValue());
    assertThat(after.revision()).isEqualTo(7);
    assertThat(after.writer()).isEqualTo("m1");
    assertThat(after.isTombstone()).isFalse();
    assertThat(StoredReferences.of(after.body())).containsExactlyInAnyOrder(ON_MEMBER, WITHOUT_NODE);
    assertThat(after.body().getJsonObject("secret_settings")).isEqualTo(new JsonObject().put("api_key", "k"));
  }

  @Test
  void whenEveryHolderStaysNothingIsWritten() {
    for (StoredDocument stored : List.of(live(ON_MEMBER, WITHOUT_NODE), live())) {
      RecordingEntry entry = new RecordingEntry("a", stored.encoded());

      int released = new ReleaseOrphanReferences(Set.of("n1")).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry);

      assertThat(released).isZero();
      assertThat(entry.getValue()).isEqualTo(stored.encoded());
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void theLastReferenceEndingLeavesNoReferencesField() {
    RecordingEntry entry = new RecordingEntry("a", live(ON_DEPARTED).encoded());

    assertThat(new ReleaseOrphanReferences(Set.of()).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry)).isEqualTo(1);

    assertThat(StoredDocument.decode("a", entry.getValue()).body()).isEqualTo(StoredBodies.endpoint());
  }

  @Test
  void aTombstoneOrAMissingEntryIsLeftAlone() {
    String tombstone = TestSecrets.ENDPOINT_ENTRIES.tombstone(live(ON_DEPARTED), TestSecrets.ENDPOINTS.identityFields(), 8, 123,
        "m1").encoded();
    for (String stored : new String[] {tombstone, null}) {
      RecordingEntry entry = new RecordingEntry("a", stored);

      assertThat(new ReleaseOrphanReferences(Set.of("n1")).usingSeal(TestSecrets.ENDPOINT_ENTRIES).process(entry)).isZero();

      assertThat(entry.getValue()).isEqualTo(stored);
      assertThat(entry.writes()).isZero();
    }
  }

  @Test
  void theMembersTravelToEveryOwningMember() {
    ReleaseOrphanReferences arrived = DataSerialization.roundTrip(new ReleaseOrphanReferences(Set.of("n1", "n3"))).usingSeal(TestSecrets.ENDPOINT_ENTRIES);
    RecordingEntry entry = new RecordingEntry("a", live(ON_MEMBER, ON_DEPARTED, ON_DEPARTED_TOO).encoded());

    assertThat(arrived.process(entry)).isEqualTo(1);

    assertThat(StoredReferences.of(StoredDocument.decode("a", entry.getValue()).body()))
        .containsExactlyInAnyOrder(ON_MEMBER, ON_DEPARTED_TOO);
  }
}

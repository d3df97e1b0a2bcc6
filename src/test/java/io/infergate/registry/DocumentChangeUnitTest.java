package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.registry.DocumentChange.Status;
import org.junit.jupiter.api.Test;

/** What a processor did travels back from the owning member as it was, absent values included. */
class DocumentChangeUnitTest {

  @Test
  void everyOutcomeSurvivesTheTripBack() {
    DocumentChange written = DataSerialization.roundTrip(DocumentChange.written("{\"a\":1}", "{\"a\":2}"));
    assertThat(written.status()).isEqualTo(Status.WRITTEN);
    assertThat(written.found()).isEqualTo("{\"a\":1}");
    assertThat(written.written()).isEqualTo("{\"a\":2}");

    DocumentChange created = DataSerialization.roundTrip(DocumentChange.written(null, "{\"a\":2}"));
    assertThat(created.found()).isNull();
    assertThat(created.written()).isEqualTo("{\"a\":2}");

    DocumentChange refused = DataSerialization.roundTrip(DocumentChange.refused(null));
    assertThat(refused.status()).isEqualTo(Status.REFUSED);
    assertThat(refused.found()).isNull();
    assertThat(refused.written()).isNull();

    DocumentChange stale = DataSerialization.roundTrip(DocumentChange.stale("{\"a\":3}"));
    assertThat(stale.status()).isEqualTo(Status.STALE_REVISION);
    assertThat(stale.found()).isEqualTo("{\"a\":3}");
    assertThat(stale.written()).isNull();
  }
}

package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnattestedMembersUnitTest {

  private static final UUID ROGUE = UUID.fromString("33333333-3333-3333-3333-333333333333");

  @Test
  void noneRefusesNothing() {
    UnattestedMembers none = new UnattestedMembers(List.of());
    assertThat(none.reason()).isEmpty();
    assertThat(none.writeRefusal()).isEmpty();
  }

  @Test
  void aWriteIsRefusedWithA503NamingEachMembersAddressAndWhy() {
    UnattestedMembers two = new UnattestedMembers(List.of(
        new UnattestedMembers.Member(ROGUE, "10.0.0.9:5701", "it did not answer the attestation challenge within 5000 ms"),
        new UnattestedMembers.Member(UUID.randomUUID(), "10.0.0.10:5701", "it answered with a wrong tag")));
    EsError refusal = two.writeRefusal().orElseThrow();
    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.type()).isEqualTo("cluster_block_exception");
    assertThat(refusal.reason()).startsWith("cluster member [10.0.0.9:5701] (" + ROGUE + ") is not attested: it did not"
        + " answer the attestation challenge within 5000 ms; cluster member [10.0.0.10:5701]")
        .endsWith("; writes are refused until it answers or leaves the cluster");
    assertThat(two.reason().orElseThrow()).contains("[10.0.0.9:5701]", "[10.0.0.10:5701]", "wrong tag");
  }
}

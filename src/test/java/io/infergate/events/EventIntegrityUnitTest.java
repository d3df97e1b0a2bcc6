package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import io.infergate.secrets.ClusterKeyring;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log items' tags: bound to their log and JSON, kept through a rotation; refusals audited without the body. */
class EventIntegrityUnitTest {

  private static final byte[] SECRET = "the cluster secret, 32 bytes ok!".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEXT_SECRET = "the next cluster secret, rotated".getBytes(StandardCharsets.UTF_8);
  private static final String LOG = "infergate.events";
  private static final String EVENT = new JsonObject().put("type", "deleted").put("inference_id", "my-elser")
      .put("principal", new JsonObject().put("username", "alice")).encode();

  private final List<JsonObject> audited = new ArrayList<>();
  private final ClusterKeyring keyring = new ClusterKeyring(SECRET, List.of());
  private final EventIntegrity gateway = gateway(keyring);

  private EventIntegrity gateway(byte[] secret, List<byte[]> verifyOnly) {
    return gateway(new ClusterKeyring(secret, verifyOnly));
  }

  private EventIntegrity gateway(ClusterKeyring keys) {
    EventIntegrity integrity = EventIntegrity.forGateway("node-1", keys, Clock.systemUTC());
    integrity.auditTo(audited::add);
    return integrity;
  }

  @Test
  void aSignedItemIsItsTagThenTheUnchangedJson() {
    String item = gateway.signedItem(LOG, EVENT);
    assertThat(item).endsWith(" " + EVENT);
    assertThat(gateway.verifiedItem(LOG, 3, item)).contains(new JsonObject(EVENT));
    assertThat(audited).isEmpty();
  }

  @Test
  void anItemIsRefusedInAnotherLogWithAnotherBodyOrWithoutTag() {
    String item = gateway.signedItem(LOG, EVENT);
    String tag = item.substring(0, item.indexOf(' '));
    assertThat(gateway.acceptsItem("infergate.notes.events", 3, item)).as("moved to another log").isFalse();
    assertThat(gateway.acceptsItem(LOG, 3, tag + " " + EVENT.replace("alice", "nobody"))).as("body changed").isFalse();
    assertThat(gateway.acceptsItem(LOG, 3, EVENT)).as("no tag").isFalse();
    assertThat(gateway.acceptsItem(LOG, 3, "garbage")).isFalse();
    assertThat(gateway.acceptsItem(LOG, 3, null)).isFalse();
    assertThat(gateway(NEXT_SECRET, List.of()).acceptsItem(LOG, 3, item)).as("another cluster's key").isFalse();
    assertThat(audited).hasSize(6).allSatisfy(line -> {
      assertThat(line.getString("event")).isEqualTo("event_refused");
      assertThat(line.getString("source")).isEqualTo("event_log");
      assertThat(line.getLong("sequence")).isEqualTo(3);
      assertThat(line.encode()).doesNotContain("alice").doesNotContain("nobody").doesNotContain("my-elser");
    });
  }

  @Test
  void itemsSignedBeforeARotationVerifyWhileTheOldSecretIsKept() {
    String before = gateway.signedItem(LOG, EVENT);
    keyring.replace(NEXT_SECRET, List.of(SECRET));
    assertThat(gateway.acceptsItem(LOG, 1, before)).isTrue();
    String after = gateway.signedItem(LOG, EVENT);
    assertThat(after).isNotEqualTo(before);
    assertThat(gateway(SECRET, List.of()).acceptsItem(LOG, 2, after)).as("a node not reloaded yet").isFalse();
    keyring.replace(NEXT_SECRET, List.of());
    assertThat(gateway.acceptsItem(LOG, 1, before)).as("once the old secret is dropped").isFalse();
  }

  @Test
  void onlyUnsignedRowsAreSignedAsTheyLoad() {
    String signed = gateway.signedIfUnsigned(LOG, EVENT);
    assertThat(gateway.acceptsItem(LOG, 0, signed)).isTrue();
    assertThat(gateway.signedIfUnsigned(LOG, signed)).isSameAs(signed);
    String forged = "00000000:AAAA " + EVENT;
    assertThat(gateway.signedIfUnsigned(LOG, forged)).as("a wrong tag is not made good").isSameAs(forged);
  }
}

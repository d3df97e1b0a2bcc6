package io.infergate.secrets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrityKeysUnitTest {

  private static final byte[] OLD = "the old cluster secret, 32 bytes".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEW = "the new cluster secret, 32 bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void aTagVerifiesItsContentOnlyUnderTheSameSecretAndPurpose() {
    IntegrityKeys entries = IntegrityKeys.forPurpose("entries", OLD, List.of());
    String tag = entries.sign("{\"a\":1}");
    assertTrue(entries.verify(tag, "{\"a\":1}"));
    assertFalse(entries.verify(tag, "{\"a\":2}"));
    assertFalse(IntegrityKeys.forPurpose("events", OLD, List.of()).verify(tag, "{\"a\":1}"));
    assertFalse(IntegrityKeys.forPurpose("entries", NEW, List.of()).verify(tag, "{\"a\":1}"));
    assertNotEquals(entries.currentId(), IntegrityKeys.forPurpose("events", OLD, List.of()).currentId());
  }

  @Test
  void anOlderSecretVerifiesDuringARotationButNeverSigns() {
    String oldTag = IntegrityKeys.forPurpose("entries", OLD, List.of()).sign("x");
    IntegrityKeys rotating = IntegrityKeys.forPurpose("entries", NEW, List.of(OLD));
    assertTrue(rotating.verify(oldTag, "x"));
    assertFalse(rotating.isCurrent(oldTag));
    assertTrue(rotating.isCurrent(rotating.sign("x")));
  }

  @Test
  void malformedTagsAreRefused() {
    IntegrityKeys keys = IntegrityKeys.forPurpose("entries", OLD, List.of());
    for (String tag : new String[] {null, "", ":", "nokid", keys.currentId() + ":not base64!", "ffffffff:AAAA",
        keys.currentId() + ":" + "AAAA"}) {
      assertFalse(keys.verify(tag, "x"), String.valueOf(tag));
    }
  }
}

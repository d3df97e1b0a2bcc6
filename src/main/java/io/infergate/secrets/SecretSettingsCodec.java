package io.infergate.secrets;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A document's secret settings between their plaintext (in a node's memory only) and their stored
 * form, where each value is sealed on its own: the setting names stay readable, and each ciphertext
 * is bound to its document id and setting name.
 */
public final class SecretSettingsCodec {

  private static final Logger LOG = Logger.getLogger(SecretSettingsCodec.class.getName());
  private static final String BINDING = "infergate secret settings v1";

  private final SecretCipher cipher;

  public SecretSettingsCodec(SecretCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * The stored form: every plaintext value sealed under the current key. A value that is sealed
   * already (one this node could not open) is kept as it is, so a write never loses it.
   */
  public JsonObject seal(String documentId, JsonObject plaintext) {
    JsonObject stored = new JsonObject();
    for (Map.Entry<String, Object> setting : plaintext) {
      Object value = setting.getValue();
      stored.put(setting.getKey(), SealedValue.isSealed(value) ? value
          : cipher.seal(Json.encode(value).getBytes(StandardCharsets.UTF_8),
              binding(documentId, setting.getKey())).toJson());
    }
    return stored;
  }

  /**
   * The plaintext settings of a stored form. A plaintext value (stored by an older version) is read
   * as it is; a sealed value this node cannot open is logged and kept sealed.
   */
  public JsonObject open(String documentId, JsonObject stored) {
    JsonObject plaintext = new JsonObject();
    for (Map.Entry<String, Object> setting : stored) {
      plaintext.put(setting.getKey(), open(documentId, setting.getKey(), setting.getValue()));
    }
    return plaintext;
  }

  private Object open(String documentId, String name, Object value) {
    if (!SealedValue.isSealed(value)) {
      return value;
    }
    try {
      byte[] plaintext = cipher.open(SealedValue.fromJson((JsonObject) value), binding(documentId, name));
      return Json.decodeValue(new String(plaintext, StandardCharsets.UTF_8));
    } catch (SecretUnreadableException e) {
      LOG.severe(() -> "the secret setting [" + name + "] of [" + documentId + "] cannot be decrypted on this node: "
          + e.getMessage() + "; do all nodes of the cluster have the same cluster secret?");
      return value;
    }
  }

  /**
   * Whether a stored form holds a value that this node would seal differently: plaintext, or sealed
   * under a decrypt-only key it holds. A value under a key it does not hold is not its to change.
   */
  public boolean needsResealing(JsonObject stored) {
    for (Map.Entry<String, Object> setting : stored) {
      if (!SealedValue.isSealed(setting.getValue())) {
        return true;
      }
      String keyId = SealedValue.keyIdOf((JsonObject) setting.getValue());
      if (keyId != null && !keyId.equals(cipher.keys().currentId()) && cipher.keys().holds(keyId)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] binding(String documentId, String name) {
    return (BINDING + '\0' + documentId + '\0' + name).getBytes(StandardCharsets.UTF_8);
  }
}

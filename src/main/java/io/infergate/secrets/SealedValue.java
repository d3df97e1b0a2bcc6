package io.infergate.secrets;

import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * One encrypted value as it is stored: {@code {"encrypted":{"kid":..,"iv":base64,"data":base64}}},
 * where {@code data} is the AES-GCM ciphertext followed by its 16-byte tag.
 */
public record SealedValue(String keyId, byte[] iv, byte[] data) {

  private static final String ENCRYPTED = "encrypted";

  /** Whether a stored value is sealed; anything else is plaintext written by an older version. */
  public static boolean isSealed(Object stored) {
    return stored instanceof JsonObject object && object.size() == 1
        && object.getValue(ENCRYPTED) instanceof JsonObject;
  }

  /** The key id of a stored value for which {@link #isSealed} holds, or null if it names none. */
  public static String keyIdOf(JsonObject stored) {
    Object keyId = stored.getJsonObject(ENCRYPTED).getValue("kid");
    return keyId instanceof String id ? id : null;
  }

  /** The sealed value of a stored one for which {@link #isSealed} holds. */
  public static SealedValue fromJson(JsonObject stored) {
    JsonObject fields = stored.getJsonObject(ENCRYPTED);
    try {
      return new SealedValue(fields.getString("kid"), Base64.getDecoder().decode(fields.getString("iv")),
          Base64.getDecoder().decode(fields.getString("data")));
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      throw new SecretUnreadableException("a sealed value has a malformed kid, iv or data");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put(ENCRYPTED, new JsonObject()
        .put("kid", keyId)
        .put("iv", Base64.getEncoder().encodeToString(iv))
        .put("data", Base64.getEncoder().encodeToString(data)));
  }
}

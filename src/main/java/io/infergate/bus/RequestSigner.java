package io.infergate.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the MAC of a request sent to {@link Addresses#REGISTRY}: only a process holding
 * the cluster secret can have the registry act on one (the wire form is documented in {@link RegistryWire}).
 * The key is derived from the cluster secret for this use only (see {@code secrets/BusRequestKey}).
 * This class checks the MAC; the clock window and replays are the receiver's to check.
 */
public final class RequestSigner {

  public static final String SENDER = "x-infergate-sender";
  public static final String TIMESTAMP = "x-infergate-timestamp";
  public static final String NONCE = "x-infergate-nonce";
  public static final String MAC = "x-infergate-auth";
  /** On a reply: the MAC that binds it to the request's nonce. */
  public static final String REPLY_MAC = "x-infergate-reply-auth";
  private static final String REPLY = "reply";

  private static final String HMAC = "HmacSHA256";
  private static final int NONCE_BYTES = 16;

  private final SecretKeySpec key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** @param key the bus request key (32 bytes), never the cluster secret itself */
  public RequestSigner(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key, HMAC);
    this.clock = clock;
  }

  /** The delivery options, authentication headers included, of {@code body} sent by member {@code sender}. */
  public DeliveryOptions sign(String address, String sender, Object body) {
    String content = content(body);
    if (content == null) {
      throw new IllegalArgumentException("no signed form for " + body.getClass().getName());
    }
    byte[] nonceBytes = new byte[NONCE_BYTES];
    random.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    String timestamp = Long.toString(clock.millis());
    String mac = Base64.getEncoder().encodeToString(mac(address, sender, timestamp, nonce, content));
    return new DeliveryOptions().addHeader(SENDER, sender).addHeader(TIMESTAMP, timestamp)
        .addHeader(NONCE, nonce).addHeader(MAC, mac);
  }

  /** Whether {@code headers} carry a valid MAC of {@code body} on {@code address}; constant time in the MAC. */
  public boolean verify(String address, MultiMap headers, Object body) {
    String sender = headers.get(SENDER);
    String timestamp = headers.get(TIMESTAMP);
    String nonce = headers.get(NONCE);
    String mac = headers.get(MAC);
    String content = content(body);
    if (sender == null || timestamp == null || nonce == null || mac == null || content == null) {
      return false;
    }
    byte[] claimed;
    try {
      claimed = Base64.getDecoder().decode(mac);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(claimed, mac(address, sender, timestamp, nonce, content));
  }

  /**
   * The options of the reply {@code reply} to the request that carried {@code requestHeaders}: a MAC
   * over the reply and that request's nonce. Anyone on the cluster bus can register a consumer on a
   * clustered address and answer some of the requests sent there; only a holder of the key can sign.
   */
  public DeliveryOptions signReply(String address, MultiMap requestHeaders, Object reply) {
    String nonce = String.valueOf(requestHeaders.get(NONCE));
    return new DeliveryOptions().addHeader(REPLY_MAC,
        Base64.getEncoder().encodeToString(mac(address, REPLY, "", nonce, replyContent(reply))));
  }

  /** Whether {@code replyHeaders} carry a valid MAC of {@code reply} to the request sent with {@code requestNonce}. */
  public boolean verifyReply(String address, String requestNonce, MultiMap replyHeaders, Object reply) {
    String mac = replyHeaders.get(REPLY_MAC);
    if (mac == null || requestNonce == null) {
      return false;
    }
    try {
      return MessageDigest.isEqual(Base64.getDecoder().decode(mac),
          mac(address, REPLY, "", requestNonce, replyContent(reply)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String replyContent(Object reply) {
    if (reply == null) {
      return "";
    }
    if (reply instanceof JsonObject json) {
      return json.encode();
    }
    return RegistryWire.toJson(reply).encode();
  }

  /**
   * The signed content of a request body: the JSON text of a command as Vert.x encodes it (which a
   * decode and encode across the bus keeps), and for the typed requests the text of their JSON wire form.
   */
  static String content(Object body) {
    if (body instanceof JsonObject json) {
      return json.encode();
    }
    if (body instanceof ReadEvents read) {
      return RegistryWire.toJson(read).encode();
    }
    if (body instanceof ReferenceRequest reference) {
      return RegistryWire.toJson(reference).encode();
    }
    return null;
  }

  private byte[] mac(String address, String sender, String timestamp, String nonce, String content) {
    try {
      Mac hmac = Mac.getInstance(HMAC);
      hmac.init(key);
      // Each field length-prefixed: no two different field lists give the same bytes.
      for (String field : new String[] {address, sender, timestamp, nonce, content}) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        hmac.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
            (byte) (bytes.length >>> 8), (byte) bytes.length});
        hmac.update(bytes);
      }
      return hmac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + HMAC, e);
    }
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "RequestSigner";
  }
}

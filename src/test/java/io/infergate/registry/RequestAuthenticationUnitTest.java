package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.bus.Principal;
import io.infergate.bus.ReadEvents;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.RequestSigner;
import io.infergate.secrets.BusRequestKey;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's check of requests on its clustered address, with fixed clocks. */
class RequestAuthenticationUnitTest {

  private static final byte[] SECRET = secret((byte) 7);
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SENDER = "0b6a0d43-4c2e-4d47-9b43-0a4d1d2b5a11";

  private final RequestAuthentication authentication = new RequestAuthentication(signer(SECRET, CLOCK), CLOCK);

  @Test
  void aSignedRequestOfEachFormIsAccepted() {
    for (Object body : List.of(referenceAdd("cache-warmer"), new ReadEvents(3, 100), json())) {
      assertThat(authentication.refusal(Addresses.REGISTRY, sign(SECRET, CLOCK, body), body)).as("%s", body).isEmpty();
    }
  }

  @Test
  void aReplayedRequestIsRefused() {
    Object body = referenceAdd("cache-warmer");
    MultiMap captured = sign(SECRET, CLOCK, body);
    assertThat(authentication.refusal(Addresses.REGISTRY, captured, body)).isEmpty();
    assertThat(authentication.refusal(Addresses.REGISTRY, captured, body)).contains("replayed nonce");
  }

  @Test
  void aRequestSignedWithAnotherSecretIsRefused() {
    Object body = json();
    assertThat(authentication.refusal(Addresses.REGISTRY, sign(secret((byte) 8), CLOCK, body), body))
        .contains("invalid MAC");
  }

  @Test
  void aRequestWithoutAuthenticationIsRefused() {
    assertThat(authentication.refusal(Addresses.REGISTRY, MultiMap.caseInsensitiveMultiMap(), json()))
        .contains("no MAC");
  }

  @Test
  void aStaleOrFutureTimestampIsRefused() {
    Object body = new ReadEvents(0, 10);
    Clock stale = Clock.offset(CLOCK, Duration.ofSeconds(-61));
    Clock future = Clock.offset(CLOCK, Duration.ofSeconds(61));
    assertThat(authentication.refusal(Addresses.REGISTRY, sign(SECRET, stale, body), body).orElseThrow())
        .startsWith("timestamp outside");
    assertThat(authentication.refusal(Addresses.REGISTRY, sign(SECRET, future, body), body).orElseThrow())
        .startsWith("timestamp outside");
    Clock skewed = Clock.offset(CLOCK, Duration.ofSeconds(-59));
    assertThat(authentication.refusal(Addresses.REGISTRY, sign(SECRET, skewed, body), body)).isEmpty();
  }

  @Test
  void aChangedBodyHeaderOrAddressIsRefused() {
    MultiMap headers = sign(SECRET, CLOCK, referenceAdd("cache-warmer"));
    assertThat(authentication.refusal(Addresses.REGISTRY, headers, referenceAdd("nobody"))).contains("invalid MAC");
    assertThat(authentication.refusal("infergate.other", headers, referenceAdd("cache-warmer"))).contains("invalid MAC");
    MultiMap otherSender = MultiMap.caseInsensitiveMultiMap().addAll(headers).set(RequestSigner.SENDER, "someone-else");
    assertThat(authentication.refusal(Addresses.REGISTRY, otherSender, referenceAdd("cache-warmer")))
        .contains("invalid MAC");
  }

  @Test
  void aBodyWithoutASignedFormIsRefused() {
    MultiMap headers = sign(SECRET, CLOCK, json());
    assertThat(authentication.refusal(Addresses.REGISTRY, headers, json().encode())).contains("invalid MAC");
  }

  @Test
  void theClaimedSenderIsAMemberIdOrUnknown() {
    assertThat(RequestAuthentication.claimedSender(MultiMap.caseInsensitiveMultiMap().add(RequestSigner.SENDER,
        SENDER))).isEqualTo(SENDER);
    assertThat(RequestAuthentication.claimedSender(MultiMap.caseInsensitiveMultiMap().add(RequestSigner.SENDER,
        "x\nforged log line"))).isEqualTo("unknown");
    assertThat(RequestAuthentication.claimedSender(MultiMap.caseInsensitiveMultiMap())).isEqualTo("unknown");
  }

  private static MultiMap sign(byte[] secret, Clock clock, Object body) {
    DeliveryOptions options = signer(secret, clock).sign(Addresses.REGISTRY, SENDER, body);
    return options.getHeaders();
  }

  private static RequestSigner signer(byte[] secret, Clock clock) {
    return new RequestSigner(BusRequestKey.fromClusterSecret(secret), clock);
  }

  private static ReferenceRequest referenceAdd(String username) {
    return new ReferenceRequest.Add("my-elser", "cache-warmer", SENDER, new Principal(username, List.of(), "cluster"));
  }

  private static JsonObject json() {
    return new JsonObject().put("op", "references").put("inference_id", "my-elser")
        .put("principal", new JsonObject().put("username", "a").put("roles", List.of()).put("realm", "cluster"));
  }

  private static byte[] secret(byte fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, fill);
    return secret;
  }
}

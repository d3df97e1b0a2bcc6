package io.infergate.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.infergate.bus.RequestSigner;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a request that came on the clustered registry address may be served: a valid MAC
 * under the cluster's bus key, a timestamp within a minute of this node's clock, and a nonce not
 * seen in the last two minutes (so a captured request cannot be sent again).
 */
final class RequestAuthentication {

  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  /** Longer than the window either side of now: a nonce is remembered for as long as its request could pass. */
  static final Duration NONCE_MEMORY = Duration.ofMinutes(2);
  private static final long MAX_NONCES = 200_000;

  private final RequestSigner signer;
  private final Clock clock;
  private final Cache<String, Boolean> seen;

  RequestAuthentication(RequestSigner signer, Clock clock) {
    this.signer = signer;
    this.clock = clock;
    this.seen = Caffeine.newBuilder().expireAfterWrite(NONCE_MEMORY).maximumSize(MAX_NONCES).build();
  }

  /** Why the request is refused, for the log (it never names the body), or empty when it may be served. */
  Optional<String> refusal(String address, MultiMap headers, Object body) {
    if (!signer.verify(address, headers, body)) {
      return Optional.of(headers.contains(RequestSigner.MAC) ? "invalid MAC" : "no MAC");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(headers.get(RequestSigner.TIMESTAMP));
    } catch (NumberFormatException e) {
      return Optional.of("malformed timestamp");
    }
    if (Math.abs(clock.millis() - timestamp) > CLOCK_SKEW.toMillis()) {
      return Optional.of("timestamp outside the accepted window of " + CLOCK_SKEW.toSeconds() + " s");
    }
    // Only a request with a valid MAC is remembered: nobody without the key can fill the memory.
    String nonce = headers.get(RequestSigner.SENDER) + "/" + headers.get(RequestSigner.NONCE);
    if (seen.asMap().putIfAbsent(nonce, Boolean.TRUE) != null) {
      return Optional.of("replayed nonce");
    }
    return Optional.empty();
  }

  /** The member a request says it comes from: not proven unless it was accepted. */
  static String claimedSender(MultiMap headers) {
    String sender = headers.get(RequestSigner.SENDER);
    // Whatever a rogue puts here ends in a log line: a member id's characters only.
    return sender == null || !sender.matches("[0-9A-Za-z-]{1,64}") ? "unknown" : sender;
  }
}

package io.infergate.security;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Throttles failed authentications, so that guessing passwords costs the guesser time and the node
 * no bcrypt. Two limits, both keyed on the client's address (the TCP peer: behind a proxy, every
 * client counts as the proxy):
 * <ul>
 *   <li><b>A user name at an address.</b> Failures for one user name are counted per address, never
 *       across addresses: an attacker cannot lock a user out of the addresses the attacker does not
 *       hold, at the price of an attacker holding many addresses getting that many guesses per address.
 *   <li><b>An address, across user names.</b> Catches one address trying many user names (password
 *       spraying), and bounds how many keys one address can make the first limit remember.
 * </ul>
 * A success clears its user name's count at that address but not the address's, or an attacker
 * holding one valid account could wipe the address's count between guesses at others. A throttled
 * attempt is refused before the realm sees it: no bcrypt, and the same answer whether the user name
 * exists or not (failures of unknown user names count exactly like those of known ones).
 */
final class LoginThrottle {

  private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());
  // Longer user names are kept as a digest, so that the names an attacker makes up cost little memory.
  private static final int MAX_KEPT_NAME_LENGTH = 64;

  private record UserAtAddress(String username, String address) {
  }

  private final FailedAttempts<UserAtAddress> byUser;
  private final FailedAttempts<String> byAddress;
  private final OccasionalWarning throttlingWarning = new OccasionalWarning(LOG, Duration.ofSeconds(10));

  LoginThrottle(LoginThrottleSettings settings, Ticker ticker) {
    this.byUser = new FailedAttempts<>(settings.userFailures(), settings, ticker);
    this.byAddress = new FailedAttempts<>(settings.addressFailures(), settings, ticker);
  }

  /** Admits the attempt unless the user name at that address, or the address, is throttled. */
  Attempt admit(String username, String clientAddress) {
    String address = ClientAddress.throttleKey(clientAddress);
    UserAtAddress userKey = new UserAtAddress(kept(username), address);
    FailedAttempts.Admission addressAdmission = byAddress.admit(address);
    if (!addressAdmission.admitted()) {
      return refused(new AuthenticationThrottledException("too many failed authentication attempts from this address",
          seconds(addressAdmission.waitNanos())), username, address);
    }
    FailedAttempts.Admission userAdmission = byUser.admit(userKey);
    if (!userAdmission.admitted()) {
      byAddress.released(address, addressAdmission);
      return refused(new AuthenticationThrottledException("too many failed authentication attempts for user ["
          + username + "] from this address", seconds(userAdmission.waitNanos())), username, address);
    }
    return new Attempt(userKey, userAdmission, addressAdmission, null);
  }

  /** Keys remembered by both limits together. */
  long tracked() {
    return byUser.tracked() + byAddress.tracked();
  }

  private Attempt refused(AuthenticationThrottledException refusal, String username, String address) {
    throttlingWarning.warn(() -> "throttling failed authentications; latest refused: user [" + shown(username)
        + "] from [" + address + "]");
    return new Attempt(null, null, null, refusal);
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
  }

  private static String shown(String username) {
    String name = String.valueOf(username);
    return name.length() <= MAX_KEPT_NAME_LENGTH ? name
        : name.substring(0, MAX_KEPT_NAME_LENGTH) + "... (" + name.length() + " characters)";
  }

  private static String kept(String username) {
    String name = String.valueOf(username);
    if (name.length() <= MAX_KEPT_NAME_LENGTH) {
      return name;
    }
    try {
      // A leading character no valid user name holds keeps digests apart from real names.
      return " " + Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** One authentication attempt: refused, or admitted and to be finished with its outcome exactly once. */
  final class Attempt {

    private final UserAtAddress key;
    private final FailedAttempts.Admission userAdmission;
    private final FailedAttempts.Admission addressAdmission;
    private final AuthenticationThrottledException refusal;

    private Attempt(UserAtAddress key, FailedAttempts.Admission userAdmission,
        FailedAttempts.Admission addressAdmission, AuthenticationThrottledException refusal) {
      this.key = key;
      this.userAdmission = userAdmission;
      this.addressAdmission = addressAdmission;
      this.refusal = refusal;
    }

    /** Why the attempt was refused, or null when it was admitted. */
    AuthenticationThrottledException refusal() {
      return refusal;
    }

    /**
     * Records the outcome: {@code failure} null for a success, an {@link AuthenticationFailedException}
     * for wrong credentials; any other failure (a full hashing queue) judged nothing and counts as neither.
     */
    void finish(Throwable failure) {
      if (key == null) {
        return;
      }
      if (failure == null) {
        byUser.cleared(key, userAdmission);
        byAddress.released(key.address(), addressAdmission);
      } else if (failure instanceof AuthenticationFailedException) {
        byUser.failed(key, userAdmission);
        byAddress.failed(key.address(), addressAdmission);
      } else {
        byUser.released(key, userAdmission);
        byAddress.released(key.address(), addressAdmission);
      }
    }
  }
}

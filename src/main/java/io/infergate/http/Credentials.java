package io.infergate.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What an {@code Authorization} header offers: Basic credentials, an API key, a bearer token, or
 * something unreadable. The scheme name is matched without regard to case, as Elasticsearch does.
 */
sealed interface Credentials {

  /** {@code Basic base64(user:password)}. */
  record Basic(String username, String password) implements Credentials {
    @Override
    public String toString() {
      return "Basic[" + username + "]";
    }
  }

  /** {@code ApiKey base64(id:key)}; {@code id} is null when the value is not readable as one. */
  record ApiKey(String id, String secret) implements Credentials {
    @Override
    public String toString() {
      return "ApiKey[" + id + "]";
    }
  }

  /** {@code Bearer <token>}: Infergate has no token service, so every one is refused. */
  record Bearer() implements Credentials {
  }

  /** The credentials of the header, or null when there is none Infergate reads (no header, another scheme, bad Basic). */
  static Credentials parse(String header) {
    if (header == null) {
      return null;
    }
    if (hasScheme(header, "ApiKey ")) {
      String[] pair = decodedPair(header.substring(7));
      return pair == null ? new ApiKey(null, null) : new ApiKey(pair[0], pair[1]);
    }
    if (hasScheme(header, "Bearer ")) {
      return new Bearer();
    }
    if (hasScheme(header, "Basic ")) {
      String[] pair = decodedPair(header.substring(6));
      return pair == null ? null : new Basic(pair[0], pair[1]);
    }
    return null;
  }

  private static boolean hasScheme(String header, String scheme) {
    return header.length() > scheme.length() && header.regionMatches(true, 0, scheme, 0, scheme.length());
  }

  /** The two halves of {@code base64(a:b)}, split at the first colon; null unless both are there. */
  private static String[] decodedPair(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }
}

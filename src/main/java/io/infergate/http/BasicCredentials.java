package io.infergate.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic credentials from an Authorization header. */
record BasicCredentials(String username, String password) {

  /** The credentials, or null when the header is absent or not readable Basic credentials. */
  static BasicCredentials parse(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }
}

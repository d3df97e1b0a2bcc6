package io.infergate.http;

import io.infergate.bus.EsError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media types the router speaks: {@code application/json} and the Elasticsearch clients'
 * {@code application/vnd.elasticsearch+json; compatible-with=8|9}.
 */
final class MediaTypes {

  static final String JSON = "application/json";
  private static final String VENDOR_JSON = "application/vnd.elasticsearch+json";
  private static final Pattern COMPATIBLE_WITH = Pattern.compile("compatible-with\\s*=\\s*\"?(\\w+)\"?");

  private MediaTypes() {
  }

  /** Fails unless a request body of this Content-Type can be read; a missing type is taken as JSON. */
  static void requireReadable(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String type = baseType(contentType);
    if (!type.equals(JSON) && !type.equals(VENDOR_JSON)) {
      throw HttpFailure.plain(406, "Content-Type header [" + contentType + "] is not supported");
    }
    checkCompatibleVersion("Content-Type", contentType);
  }

  /** The Content-Type of the response to a request with this Accept header. */
  static String responseType(String accept) {
    if (accept == null || !baseType(accept).equals(VENDOR_JSON)) {
      return JSON;
    }
    String version = checkCompatibleVersion("Accept", accept);
    return version == null ? VENDOR_JSON : VENDOR_JSON + ";compatible-with=" + version;
  }

  private static String checkCompatibleVersion(String header, String value) {
    Matcher matcher = COMPATIBLE_WITH.matcher(value);
    if (!matcher.find()) {
      return null;
    }
    String version = matcher.group(1);
    if (!version.equals("8") && !version.equals("9")) {
      throw HttpFailure.of(EsError.badRequest("media_type_header_exception",
          "Invalid media-type value on headers [" + header + "]: compatible-with must be 8 or 9, not [" + version + "]"));
    }
    return version;
  }

  private static String baseType(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    String base = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
    return base.trim().toLowerCase(Locale.ROOT);
  }
}

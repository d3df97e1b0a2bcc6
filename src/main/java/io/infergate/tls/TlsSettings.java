package io.infergate.tls;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One listener's TLS settings, Elasticsearch's names under a prefix such as {@code http.ssl}:
 * {@code enabled}, {@code certificate} and {@code key} (PEM files) or {@code keystore.path}
 * (PKCS#12) with {@code keystore.password}, {@code certificate_authorities} (PEM files that client
 * certificates must chain to) and {@code client_authentication} ({@code none|optional|required}).
 * Off unless {@code enabled} is true.
 */
public record TlsSettings(boolean enabled, String certificate, String key, String keystorePath,
    String keystorePassword, List<String> certificateAuthorities, ClientAuthentication clientAuthentication) {

  public enum ClientAuthentication { NONE, OPTIONAL, REQUIRED }

  public TlsSettings {
    certificateAuthorities = List.copyOf(certificateAuthorities);
  }

  public static TlsSettings off() {
    return new TlsSettings(false, "", "", "", "", List.of(), ClientAuthentication.NONE);
  }

  /** Reads and checks the section; {@code prefix} names the settings in error messages. */
  public static TlsSettings fromJson(String prefix, JsonObject ssl) {
    if (ssl == null || !ssl.getBoolean("enabled", false)) {
      return off();
    }
    JsonObject keystore = ssl.getJsonObject("keystore", new JsonObject());
    TlsSettings settings = new TlsSettings(true, ssl.getString("certificate", ""), ssl.getString("key", ""),
        keystore.getString("path", ""), keystore.getString("password", ""),
        paths(ssl.getValue("certificate_authorities")), clientAuthentication(prefix, ssl));
    settings.check(prefix);
    return settings;
  }

  public boolean usesKeystore() {
    return !keystorePath.isBlank();
  }

  private void check(String prefix) {
    boolean pem = !certificate.isBlank() || !key.isBlank();
    if (pem == usesKeystore()) {
      throw new IllegalArgumentException(prefix + ".enabled is true: set either " + prefix + ".certificate and "
          + prefix + ".key (PEM) or " + prefix + ".keystore.path (PKCS#12), and not both");
    }
    if (pem && (certificate.isBlank() || key.isBlank())) {
      throw new IllegalArgumentException(prefix + ".certificate and " + prefix + ".key go together");
    }
    if (clientAuthentication != ClientAuthentication.NONE && certificateAuthorities.isEmpty()) {
      throw new IllegalArgumentException(prefix + ".client_authentication is " + name(clientAuthentication)
          + ": set " + prefix + ".certificate_authorities to the CA that client certificates chain to");
    }
  }

  private static ClientAuthentication clientAuthentication(String prefix, JsonObject ssl) {
    String value = ssl.getString("client_authentication", "none");
    try {
      return ClientAuthentication.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value [" + value + "] for " + prefix
          + ".client_authentication: expected none, optional or required", e);
    }
  }

  private static String name(ClientAuthentication value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** A list, or one string (an environment override may give a comma-separated list). */
  private static List<String> paths(Object value) {
    List<String> paths = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(path -> paths.add(String.valueOf(path)));
    } else if (value instanceof String text) {
      for (String path : text.split(",")) {
        paths.add(path);
      }
    }
    return paths.stream().map(String::trim).filter(path -> !path.isEmpty()).toList();
  }

  @Override
  public String toString() {
    // never the keystore password
    return "TlsSettings[enabled=" + enabled + ", certificate=" + certificate + ", key=" + key + ", keystorePath="
        + keystorePath + ", certificateAuthorities=" + certificateAuthorities + ", clientAuthentication="
        + name(clientAuthentication) + "]";
  }
}

package io.infergate.tls;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks at boot that every file a listener's TLS settings name can be read, so that a wrong path
 * stops the node before it joins the cluster, with the setting to fix (Vert.x would only fail
 * when the listener starts, naming the file alone).
 */
public final class TlsFiles {

  private TlsFiles() {
  }

  public static void requireReadable(String prefix, TlsSettings settings) {
    if (!settings.enabled()) {
      return;
    }
    if (settings.usesKeystore()) {
      require(prefix + ".keystore.path", settings.keystorePath());
    } else {
      require(prefix + ".certificate", settings.certificate());
      require(prefix + ".key", settings.key());
    }
    settings.certificateAuthorities().forEach(path -> require(prefix + ".certificate_authorities", path));
  }

  private static void require(String setting, String path) {
    if (!Files.isReadable(Path.of(path))) {
      throw new IllegalArgumentException(setting + ": cannot read [" + path + "]");
    }
  }
}

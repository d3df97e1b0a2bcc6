package io.infergate.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TCPSSLOptions;

/**
 * {@link TlsSettings} as Vert.x options, for any listener (HTTP server, TCP server, event bus).
 * Vert.x reads the files when the listener starts, off the event loop.
 */
public final class TlsOptions {

  private TlsOptions() {
  }

  /** Turns TLS on with the node's certificate and, if any, the authorities client certificates chain to. */
  public static void apply(TlsSettings settings, TCPSSLOptions options) {
    if (!settings.enabled()) {
      return;
    }
    options.setSsl(true);
    options.setKeyCertOptions(keyCert(settings));
    if (!settings.certificateAuthorities().isEmpty()) {
      PemTrustOptions trust = new PemTrustOptions();
      settings.certificateAuthorities().forEach(trust::addCertPath);
      options.setTrustOptions(trust);
    }
  }

  public static ClientAuth clientAuth(TlsSettings settings) {
    switch (settings.clientAuthentication()) {
      case OPTIONAL:
        return ClientAuth.REQUEST;
      case REQUIRED:
        return ClientAuth.REQUIRED;
      default:
        return ClientAuth.NONE;
    }
  }

  private static KeyCertOptions keyCert(TlsSettings settings) {
    if (settings.usesKeystore()) {
      return new KeyStoreOptions().setType("PKCS12").setPath(settings.keystorePath())
          .setPassword(settings.keystorePassword());
    }
    return new PemKeyCertOptions().setCertPath(settings.certificate()).setKeyPath(settings.key());
  }
}

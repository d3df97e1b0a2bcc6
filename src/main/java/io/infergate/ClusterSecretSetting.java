package io.infergate;

import io.infergate.config.NodeConfig;
import io.infergate.secrets.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * The keys of secret settings from the cluster secret in the node setting {@code cluster.secret_hex}
 * (and {@code cluster.decrypt_only_secrets_hex} during a rotation), until the keystore holds them;
 * without the setting a fixed development secret, which protects nothing against anyone who has
 * read this file.
 */
final class ClusterSecretSetting {

  private static final Logger LOG = Logger.getLogger(ClusterSecretSetting.class.getName());
  private static final byte[] DEVELOPMENT_SECRET =
      "infergate development cluster secret, not a secret".getBytes(StandardCharsets.UTF_8);

  private ClusterSecretSetting() {
  }

  static SecretKeys keys(NodeConfig config) {
    return SecretKeys.fromClusterSecrets(clusterSecret(config),
        config.clusterDecryptOnlySecretsHex().stream().map(ClusterSecretSetting::parse).toList());
  }

  private static byte[] clusterSecret(NodeConfig config) {
    return config.clusterSecretHex().map(ClusterSecretSetting::parse).orElseGet(() -> {
      LOG.warning("secret settings are encrypted with a default key, known to anyone: create a keystore "
          + "(or, until it exists, set cluster.secret_hex, the same on every node of the cluster)");
      return DEVELOPMENT_SECRET.clone();
    });
  }

  private static byte[] parse(String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      // The message of HexFormat quotes the value: never log it.
      throw new IllegalArgumentException("cluster.secret_hex or cluster.decrypt_only_secrets_hex is not a hex string");
    }
  }
}

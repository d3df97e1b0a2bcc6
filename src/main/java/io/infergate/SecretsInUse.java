package io.infergate;

import io.infergate.endpoints.EndpointKind;
import io.infergate.secrets.ClusterKeyring;
import io.infergate.secrets.SecretCipher;

/**
 * The endpoints' kind, the cipher that seals their secrets and the keyring every signature is made
 * with: a keystore reload gives the cipher and the keyring new keys.
 */
record SecretsInUse(EndpointKind kind, SecretCipher cipher, ClusterKeyring keyring) {
}

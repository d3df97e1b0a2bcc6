package io.infergate;

import io.infergate.endpoints.EndpointKind;
import io.infergate.secrets.SecretCipher;

/** The endpoints' kind and the cipher that seals their secrets: a keystore reload gives the cipher new keys. */
record SecretsInUse(EndpointKind kind, SecretCipher cipher) {
}

package io.infergate.registry;

import io.infergate.testing.TestSecrets;

/** The entry signer of a node with the tests' cluster secret, and the endpoints' seal under it. */
final class TestSeals {

  static final EntrySigner SIGNER = TestSecrets.ENTRY_SIGNER;
  static final EntrySeal ENDPOINTS = TestSecrets.ENDPOINT_ENTRIES;

  private TestSeals() {
  }
}

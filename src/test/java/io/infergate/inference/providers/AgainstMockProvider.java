package io.infergate.inference.providers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Tests against one mock provider per class, its counts reset before each test. */
abstract class AgainstMockProvider {

  static MockProviderFixture fixture;

  @BeforeAll
  static void startMock() throws Exception {
    fixture = new MockProviderFixture();
  }

  @AfterAll
  static void stopMock() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void resetStats() {
    fixture.stats().reset();
  }
}

package io.infergate.examples.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class MockModelsUnitTest {

  @Test
  void anEmbeddingIsTheSameUnitVectorEveryTimeAndDiffersPerText() {
    float[] first = MockModels.embedding("hello", 384);

    assertThat(MockModels.embedding("hello", 384)).containsExactly(first);
    assertThat(MockModels.embedding("hello!", 384)).isNotEqualTo(first);
    double norm = 0;
    for (float value : first) {
      norm += value * value;
    }
    assertThat(norm).isCloseTo(1.0, offset(1e-5));
  }

  @Test
  void binaryPacksEightSignsPerSignedByte() {
    assertThat(MockModels.binary(new float[] {1, -1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, 1}))
        .containsExactly((byte) 0b10111111, 1);
  }

  @Test
  void theOpenAiStyleMaskKeepsOnlyTheEdgesOfTheKey() {
    assertThat(MockDialect.mask("sk-abcdefghijyz")).isEqualTo("sk-ab********yz");
  }

  @Test
  void faultsAreReadFromThePathPrefix() {
    assertThat(MockFault.parse("/v1/embeddings").kind()).isEqualTo(MockFault.Kind.NONE);
    assertThat(MockFault.parse("/fault/429/v1/embeddings")).isEqualTo(
        new MockFault(MockFault.Kind.STATUS, 429, 0, 0, "/v1/embeddings"));
    assertThat(MockFault.parse("/fault/slow-250/embed")).isEqualTo(new MockFault(MockFault.Kind.SLOW, 0, 250, 0, "/embed"));
    assertThat(MockFault.parse("/fault/drop/v1/chat").kind()).isEqualTo(MockFault.Kind.DROP);
    assertThatThrownBy(() -> MockFault.parse("/fault/200/v1/chat")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFaultWithACountAppliesToThatManyRequestsOnly() {
    MockFault twice = MockFault.parse("/fault/429x2/v1/embeddings");
    assertThat(twice).isEqualTo(new MockFault(MockFault.Kind.STATUS, 429, 0, 2, "/v1/embeddings"));
    assertThat(twice.appliesTo(1)).isTrue();
    assertThat(twice.appliesTo(2)).isTrue();
    assertThat(twice.appliesTo(3)).isFalse();
    assertThat(MockFault.parse("/fault/dropx1/embed").kind()).isEqualTo(MockFault.Kind.DROP);
    assertThat(MockFault.parse("/fault/cutx1/v1/chat/completions"))
        .isEqualTo(new MockFault(MockFault.Kind.CUT, 200, 0, 1, "/v1/chat/completions"));
    assertThat(MockFault.parse("/fault/500/embed").appliesTo(1000)).isTrue();
    assertThatThrownBy(() -> MockFault.parse("/fault/500x0/embed")).isInstanceOf(IllegalArgumentException.class);
  }
}

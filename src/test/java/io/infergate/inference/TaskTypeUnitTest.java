package io.infergate.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Task types as Elasticsearch names and parses them. */
class TaskTypeUnitTest {

  @Test
  void wireNamesAreElasticsearchs() {
    assertThat(Stream.of(TaskType.values()).map(TaskType::wireName))
        .containsExactly("text_embedding", "sparse_embedding", "rerank", "completion", "chat_completion");
    assertThat(TaskType.SPARSE_EMBEDDING).hasToString("sparse_embedding");
  }

  @Test
  void parsingIgnoresCaseAndSurroundingSpace() {
    assertThat(TaskType.parse("rerank")).isEqualTo(TaskType.RERANK);
    assertThat(TaskType.parse("CHAT_COMPLETION")).isEqualTo(TaskType.CHAT_COMPLETION);
    assertThat(TaskType.parse(" completion ")).isEqualTo(TaskType.COMPLETION);
  }

  @Test
  void unknownTaskTypeIsA400StatusExceptionEchoingTheValue() {
    for (String bad : new String[] {"bad", "", "text-embedding", "embedding"}) {
      EsException failure = catchThrowableOfType(EsException.class, () -> TaskType.parse(bad));

      assertThat(failure).as(bad).isNotNull();
      assertThat(failure.error()).isEqualTo(new EsError(400, "status_exception", "Unknown task_type [" + bad + "]"));
    }
  }
}

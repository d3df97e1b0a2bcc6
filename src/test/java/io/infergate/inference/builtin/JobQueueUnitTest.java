package io.infergate.inference.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobQueueUnitTest {

  private final JobQueue queue = new JobQueue(4);

  @Test
  void aBatchGathersTheOldestJobsOfSeveralRequestsUpToItsSize() {
    RequestEmbeddings first = request();
    RequestEmbeddings second = request();
    queue.offerAll(List.of(job(first, 0, 3), job(first, 3, 2)));
    queue.offerAll(List.of(job(second, 0, 4)));

    List<EmbeddingJob> batch = queue.takeBatch(8);

    assertThat(batch).extracting(EmbeddingJob::request).containsExactly(first, first);
    assertThat(queue.takeBatch(8)).extracting(EmbeddingJob::request).containsExactly(second);
  }

  @Test
  void aJobLargerThanABatchStillRunsAlone() {
    queue.offerAll(List.of(job(request(), 0, 10)));

    assertThat(queue.takeBatch(4)).hasSize(1);
  }

  @Test
  void aRequestIsAdmittedWholeOrNotAtAll() {
    RequestEmbeddings waiting = request();
    queue.offerAll(List.of(job(waiting, 0, 1), job(waiting, 1, 1)));

    boolean admitted = queue.offerAll(List.of(job(request(), 0, 1), job(request(), 1, 1), job(request(), 2, 1)));

    assertThat(admitted).isFalse();
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void jobsOfFinishedOrRemovedRequestsAreNotTaken() {
    RequestEmbeddings failed = request();
    RequestEmbeddings removed = request();
    RequestEmbeddings live = request();
    queue.offerAll(List.of(job(failed, 0, 1)));
    queue.offerAll(List.of(job(removed, 0, 1)));
    queue.offerAll(List.of(job(live, 0, 1)));
    failed.fail(new IllegalStateException("client left"));
    queue.removeAll(removed);

    assertThat(queue.takeBatch(10)).extracting(EmbeddingJob::request).containsExactly(live);
    assertThat(queue.size()).isZero();
  }

  private static RequestEmbeddings request() {
    return new RequestEmbeddings("id", 10, null);
  }

  private static EmbeddingJob job(RequestEmbeddings request, int offset, int texts) {
    return new EmbeddingJob(request, offset, Collections.nCopies(texts, "t"));
  }
}

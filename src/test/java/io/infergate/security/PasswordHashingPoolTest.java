package io.infergate.security;

import static io.infergate.security.TestFutures.await;
import static io.infergate.security.TestFutures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PasswordHashingPoolTest {

  private static final EsError QUEUE_FULL = new EsError(429, "es_rejected_execution_exception",
      "rejected execution of authentication: the password-hashing queue is full");

  private Vertx vertx;
  private PasswordHashingPool pool;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    if (pool != null) {
      await(pool.close());
    }
    await(vertx.close());
  }

  @Test
  void aTaskBeyondTheQueueSizeFailsAtOnceWith429() throws Exception {
    pool = new PasswordHashingPool(vertx, 1, 3);
    Future<String> running = occupyEveryThread();
    List<Future<String>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(pool.submit(() -> "queued"));
    }

    Future<String> beyond = pool.submit(() -> "beyond");

    assertThat(beyond.failed()).as("rejected without waiting for a thread").isTrue();
    assertThat(beyond.cause()).isInstanceOf(EsException.class);
    assertThat(((EsException) beyond.cause()).error()).isEqualTo(QUEUE_FULL);
    assertThat(pool.rejected()).isEqualTo(1);
    assertThat(queued).noneMatch(Future::isComplete);

    release.countDown();
    assertThat(await(running)).isEqualTo("held");
    for (Future<String> task : queued) {
      assertThat(await(task)).isEqualTo("queued");
    }
    assertThat(pool.waiting()).isZero();
    assertThat(await(pool.submit(() -> "after"))).isEqualTo("after");
  }

  @Test
  void theSharedWorkerPoolRunsWhileEveryHashingThreadIsBusyAndTheQueueIsFull() throws Exception {
    pool = new PasswordHashingPool(vertx, 2, 50);
    occupyEveryThread();
    for (int i = 0; i < 50; i++) {
      pool.submit(() -> "queued");
    }
    assertThat(pool.submit(() -> "beyond").failed()).isTrue();

    // The registry's blocking store work runs on Vert.x's shared worker pool.
    String registryWork = await(vertx.executeBlocking(() -> "stored", false));

    assertThat(registryWork).isEqualTo("stored");
    assertThat(pool.waiting()).as("the hashing pool was still full meanwhile").isEqualTo(50);
  }

  @Test
  void closingFailsTheTasksStillWaitingAndRejectsNewOnes() throws Exception {
    pool = new PasswordHashingPool(vertx, 1, 5);
    occupyEveryThread();
    Future<String> waiting = pool.submit(() -> "never runs");

    await(pool.close());

    Throwable failure = awaitFailure(waiting);
    assertThat(failure).isInstanceOf(EsException.class);
    assertThat(((EsException) failure).error().status()).isEqualTo(429);
    Future<String> late = pool.submit(() -> "too late");
    assertThat(late.failed()).isTrue();
    assertThat(((EsException) late.cause()).error().reason())
        .isEqualTo("rejected execution of authentication: the password-hashing pool is shut down");
    pool = null;
  }

  /** Blocks every thread of the pool until {@link #release} opens; returns once they all run. */
  private Future<String> occupyEveryThread() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(pool.threads());
    List<Future<String>> held = new ArrayList<>();
    for (int i = 0; i < pool.threads(); i++) {
      held.add(pool.submit(() -> {
        started.countDown();
        release.await();
        return "held";
      }));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).as("every hashing thread started").isTrue();
    assertThat(pool.waiting()).isZero();
    return held.get(0);
  }
}

package io.infergate.security;

import static io.infergate.security.TestClient.LOCAL;
import static io.infergate.security.TestFutures.await;
import static io.infergate.security.TestFutures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bound on bcrypt verifications that a client can queue before it has authenticated. */
class AuthenticationQueueTest {

  private static final int QUEUE_SIZE = 3;

  @TempDir
  Path confDir;

  private Vertx vertx;
  private SecurityService service;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    Files.writeString(confDir.resolve("users"), "alice:" + Bcrypt.hash("alice-pass", 4) + "\n");
    Files.writeString(confDir.resolve("users_roles"), "inference_user:alice\n");
    service = await(SecurityService.start(vertx, new SecurityConfig(confDir, Duration.ofMinutes(20), 100,
        Duration.ofSeconds(60), 1, QUEUE_SIZE)));
  }

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    await(service.close());
    await(vertx.close());
  }

  @Test
  void distinctWrongPasswordsBeyondTheQueueFailAtOnceWith429() throws Exception {
    await(service.authenticate("alice", "alice-pass", LOCAL));
    blockTheHashingThread();
    List<Future<AuthenticatedUser>> queued = List.of(
        service.authenticate("alice", "wrong-1", LOCAL),
        service.authenticate("alice", "wrong-2", LOCAL),
        service.authenticate("alice", "wrong-3", LOCAL));
    // The same user and password as a verification already waiting shares it: no new queue entry.
    Future<AuthenticatedUser> repeated = service.authenticate("alice", "wrong-1", LOCAL);

    Throwable beyond = awaitFailure(service.authenticate("alice", "wrong-4", LOCAL));

    assertThat(beyond).isInstanceOf(EsException.class);
    EsException rejected = (EsException) beyond;
    assertThat(rejected.error().status()).isEqualTo(429);
    assertThat(rejected.error().type()).isEqualTo("es_rejected_execution_exception");
    assertThat(rejected.error().reason())
        .isEqualTo("rejected execution of authentication: the password-hashing queue is full")
        .doesNotContain("wrong-4");
    assertThat(service.hashingPool().waiting()).isEqualTo(QUEUE_SIZE);
    assertThat(queued).noneMatch(Future::isComplete);
    assertThat(repeated.isComplete()).isFalse();
    assertThat(await(service.authenticate("alice", "alice-pass", LOCAL)).username())
        .as("a cached password needs no hashing thread").isEqualTo("alice");

    release.countDown();
    for (Future<AuthenticatedUser> wrong : queued) {
      assertThat(awaitFailure(wrong)).isInstanceOf(AuthenticationFailedException.class);
    }
    assertThat(awaitFailure(repeated)).isInstanceOf(AuthenticationFailedException.class);
    assertThat(service.bcryptVerifications()).isEqualTo(1 + QUEUE_SIZE);
    assertThat(awaitFailure(service.authenticate("alice", "wrong-4", LOCAL)))
        .as("accepted again once the queue drained").isInstanceOf(AuthenticationFailedException.class);
  }

  private void blockTheHashingThread() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    service.hashingPool().submit(() -> {
      started.countDown();
      return release.await(30, TimeUnit.SECONDS);
    });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
  }
}

package io.infergate.security;

import static io.infergate.security.TestClient.LOCAL;
import static io.infergate.security.TestFutures.await;
import static io.infergate.security.TestFutures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityServiceTest {

  private static final int THROTTLE_LIMIT = LoginThrottleSettings.DEFAULT_USER_FAILURES;
  private static final SocketAddress ATTACKER = SocketAddress.inetSocketAddress(50_001, "192.0.2.1");
  private static final SocketAddress ELSEWHERE = SocketAddress.inetSocketAddress(50_002, "198.51.100.7");

  @TempDir
  Path confDir;

  private Vertx vertx;
  private SecurityService service;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    writeUsers("alice:" + Bcrypt.hash("alice-pass", 4),
        "bob:" + Bcrypt.hash("bob-pass", 4).replace("$2a$", "$2y$"),
        "carol:" + Bcrypt.hash("carol-pass", 4),
        "dave:" + Bcrypt.hash("dave-pass", 4));
    writeUsersRoles("inference_user:alice,bob", "my_reader:carol", "no_such_role:dave",
        "inference_admin:bob");
    Files.writeString(confDir.resolve("roles.yml"), """
        my_reader:
          cluster: [ 'monitor_inference' ]
          indices: [ { names: [ 'x' ], privileges: [ 'read' ] } ]
        my_broken:
          cluster: [ 'read_ccr' ]
        """);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
    await(vertx.close());
  }

  @Test
  void acceptsTheRightPassword() throws Exception {
    start();
    AuthenticatedUser alice = await(service.authenticate("alice", "alice-pass", LOCAL));

    assertThat(alice).isEqualTo(new AuthenticatedUser("alice", List.of("inference_user"),
        "default_file", "file"));
  }

  @Test
  void acceptsY2HashesAndSortsRoles() throws Exception {
    start();
    AuthenticatedUser bob = await(service.authenticate("bob", "bob-pass", LOCAL));

    assertThat(bob.roles()).containsExactly("inference_admin", "inference_user");
  }

  @Test
  void rejectsAWrongPasswordAndAnUnknownUser() throws Exception {
    start();

    assertThat(awaitFailure(service.authenticate("alice", "wrong-pass", LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("unable to authenticate user [alice]");
    assertThat(awaitFailure(service.authenticate("mallory", "alice-pass", LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("unable to authenticate user [mallory]");
    assertThat(awaitFailure(service.authenticate(null, null, LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void aCacheHitCostsNoBcryptAndCompletesOnTheCallingThread() throws Exception {
    start();
    await(service.authenticate("alice", "alice-pass", LOCAL));
    assertThat(service.bcryptVerifications()).isEqualTo(1);

    Future<AuthenticatedUser> hit = service.authenticate("alice", "alice-pass", LOCAL);

    assertThat(hit.succeeded()).isTrue();
    assertThat(hit.result().username()).isEqualTo("alice");
    assertThat(service.bcryptVerifications()).isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsNotCachedAndDoesNotEvictTheRightOne() throws Exception {
    start();
    await(service.authenticate("alice", "alice-pass", LOCAL));
    awaitFailure(service.authenticate("alice", "wrong-pass", LOCAL));
    awaitFailure(service.authenticate("alice", "wrong-pass", LOCAL));

    assertThat(service.bcryptVerifications()).isEqualTo(3);
    assertThat(service.authenticate("alice", "alice-pass", LOCAL).succeeded()).isTrue();
    assertThat(service.bcryptVerifications()).isEqualTo(3);
  }

  @Test
  void aZeroTtlDisablesTheCache() throws Exception {
    service = await(SecurityService.start(vertx,
        new SecurityConfig(confDir, Duration.ZERO, 100, Duration.ofSeconds(60))));
    await(service.authenticate("alice", "alice-pass", LOCAL));
    await(service.authenticate("alice", "alice-pass", LOCAL));

    assertThat(service.bcryptVerifications()).isEqualTo(2);
  }

  @Test
  void rolesAuthorizeTheirActions() throws Exception {
    start();

    assertThat(allowed(user("alice", "inference_user"))).isEqualTo(EnumSet.of(ClusterAction.GET,
        ClusterAction.INFER, ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS));
    assertThat(allowed(user("bob", "inference_admin"))).isEqualTo(EnumSet.of(ClusterAction.PUT,
        ClusterAction.UPDATE, ClusterAction.DELETE, ClusterAction.GET, ClusterAction.INFER, ClusterAction.REFERENCE,
        ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS));
    assertThat(allowed(user("elastic", "superuser")))
        .isEqualTo(EnumSet.allOf(ClusterAction.class));
    assertThat(allowed(user("carol", "my_reader"))).isEqualTo(EnumSet.of(ClusterAction.GET, ClusterAction.INFER,
        ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS));
    assertThat(allowed(user("dave", "no_such_role"))).isEmpty();
    assertThat(allowed(user("eve", "my_broken"))).isEmpty();
    assertThat(allowed(user("frank"))).isEmpty();
  }

  @Test
  void authenticatedUsersCarryTheirRolesToAuthorization() throws Exception {
    start();
    AuthenticatedUser carol = await(service.authenticate("carol", "carol-pass", LOCAL));
    AuthenticatedUser dave = await(service.authenticate("dave", "dave-pass", LOCAL));

    assertThat(service.isAuthorized(carol, ClusterAction.INFER)).isTrue();
    assertThat(service.isAuthorized(carol, ClusterAction.DELETE)).isFalse();
    assertThat(dave.roles()).containsExactly("no_such_role");
    assertThat(service.isAuthorized(dave, ClusterAction.GET)).isFalse();
  }

  @Test
  void aChangedPasswordRejectsTheOldOneAfterReload() throws Exception {
    start();
    await(service.authenticate("alice", "alice-pass", LOCAL));
    assertThat(service.authenticate("alice", "alice-pass", LOCAL).succeeded()).isTrue();

    writeUsers("alice:" + Bcrypt.hash("new-alice-pass", 4));
    await(service.reload());

    assertThat(awaitFailure(service.authenticate("alice", "alice-pass", LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class);
    assertThat(await(service.authenticate("alice", "new-alice-pass", LOCAL)).username())
        .isEqualTo("alice");
    assertThat(awaitFailure(service.authenticate("bob", "bob-pass", LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void theWatcherReloadsChangedFiles() throws Exception {
    service = await(SecurityService.start(vertx,
        new SecurityConfig(confDir, Duration.ofMinutes(20), 100, Duration.ofMillis(50))));
    await(service.authenticate("alice", "alice-pass", LOCAL));

    writeUsers("alice:" + Bcrypt.hash("new-alice-pass", 4), "zoe:" + Bcrypt.hash("zoe-pass", 4));
    writeUsersRoles("superuser:zoe");
    waitUntil(() -> isAccepted("zoe", "zoe-pass"));

    assertThat(awaitFailure(service.authenticate("alice", "alice-pass", LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class);
    assertThat(await(service.authenticate("zoe", "zoe-pass", LOCAL)).roles())
        .containsExactly("superuser");
  }

  @Test
  void roleChangesApplyAfterReloadAndABrokenRolesFileKeepsThePreviousRoles() throws Exception {
    start();
    AuthenticatedUser carol = await(service.authenticate("carol", "carol-pass", LOCAL));

    Files.writeString(confDir.resolve("roles.yml"), "my_reader:\n  cluster: [ manage ]\n");
    await(service.reload());
    assertThat(service.isAuthorized(carol, ClusterAction.PUT)).isTrue();

    Files.writeString(confDir.resolve("roles.yml"), "my_reader: [ unclosed\n");
    await(service.reload());
    assertThat(service.isAuthorized(carol, ClusterAction.PUT)).isTrue();
  }

  @Test
  void startsWithoutAnyFile(@TempDir Path emptyDir) throws Exception {
    service = await(SecurityService.start(vertx, SecurityConfig.defaults(emptyDir)));

    assertThat(awaitFailure(service.authenticate("alice", "alice-pass", LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void startsWithABrokenRolesFile() throws Exception {
    Files.writeString(confDir.resolve("roles.yml"), "- not\n- a map\n");
    start();

    assertThat(service.isAuthorized(user("carol", "my_reader"), ClusterAction.GET)).isFalse();
    assertThat(service.isAuthorized(user("alice", "inference_user"), ClusterAction.GET))
        .isTrue();
  }

  @Test
  void concurrentMissesShareOneBcryptAndAnswerOnTheirOwnContext() throws Exception {
    service = await(SecurityService.start(vertx, new SecurityConfig(confDir,
        Duration.ofMinutes(20), 100, Duration.ofSeconds(60), 1, 10)));
    // Occupy the only hashing thread so that both logins are pending at the same time.
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch occupied = new CountDownLatch(1);
    service.hashingPool().submit(() -> {
      occupied.countDown();
      return release.await(10, TimeUnit.SECONDS);
    });
    assertThat(occupied.await(10, TimeUnit.SECONDS)).isTrue();

    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    assertThat(first).isNotSameAs(second);
    CompletableFuture<Context> firstAnswer = authenticateOn(first);
    CompletableFuture<Context> secondAnswer = authenticateOn(second);
    release.countDown();

    assertThat(firstAnswer.get(10, TimeUnit.SECONDS)).isSameAs(first);
    assertThat(secondAnswer.get(10, TimeUnit.SECONDS)).isSameAs(second);
    assertThat(service.bcryptVerifications()).isEqualTo(1);
  }

  private CompletableFuture<Context> authenticateOn(Context context) throws Exception {
    CompletableFuture<Context> answeredOn = new CompletableFuture<>();
    CountDownLatch called = new CountDownLatch(1);
    context.runOnContext(v -> {
      service.authenticate("alice", "alice-pass", LOCAL).onComplete(result -> {
        if (result.succeeded()) {
          answeredOn.complete(Vertx.currentContext());
        } else {
          answeredOn.completeExceptionally(result.cause());
        }
      });
      called.countDown();
    });
    assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
    return answeredOn;
  }

  private boolean isAccepted(String username, String password) {
    try {
      await(service.authenticate(username, password, LOCAL));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aThrottledAttemptCostsNoBcryptAndTheRightPasswordStillWorksElsewhere() throws Exception {
    startThrottled();
    await(service.authenticate("alice", "alice-pass", ELSEWHERE));
    long before = service.bcryptVerifications();
    failFromAttacker("alice", THROTTLE_LIMIT);
    assertThat(service.bcryptVerifications() - before).isEqualTo(THROTTLE_LIMIT);

    for (int i = 0; i < 50; i++) {
      assertThat(awaitFailure(service.authenticate("alice", "wrong-more-" + i, ATTACKER)))
          .isInstanceOf(AuthenticationThrottledException.class);
    }
    assertThat(awaitFailure(service.authenticate("alice", "alice-pass", ATTACKER)))
        .as("not even a cached right password passes a throttled address")
        .isInstanceOf(AuthenticationThrottledException.class);
    assertThat(service.bcryptVerifications() - before).as("no bcrypt while throttled").isEqualTo(THROTTLE_LIMIT);
    assertThat(await(service.authenticate("alice", "alice-pass", ELSEWHERE)).username()).isEqualTo("alice");
  }

  @Test
  void anUnknownUserNameIsThrottledExactlyLikeAKnownOne() throws Exception {
    startThrottled();
    long before = service.bcryptVerifications();
    failFromAttacker("alice", THROTTLE_LIMIT);
    long known = service.bcryptVerifications() - before;
    failFromAttacker("nobody", THROTTLE_LIMIT);
    long unknown = service.bcryptVerifications() - before - known;

    AuthenticationThrottledException aliceRefused =
        (AuthenticationThrottledException) awaitFailure(service.authenticate("alice", "x", ATTACKER));
    AuthenticationThrottledException nobodyRefused =
        (AuthenticationThrottledException) awaitFailure(service.authenticate("nobody", "x", ATTACKER));
    assertThat(unknown).isEqualTo(known);
    assertThat(nobodyRefused.error().reason().replace("nobody", "alice")).isEqualTo(aliceRefused.error().reason());
    assertThat(nobodyRefused.retryAfterSeconds()).isEqualTo(aliceRefused.retryAfterSeconds());
  }

  private void start() throws Exception {
    service = await(SecurityService.start(vertx, new SecurityConfig(confDir,
        Duration.ofMinutes(20), 100, Duration.ofSeconds(60))));
  }

  private void startThrottled() throws Exception {
    // A first block far longer than the test, so that no attempt races its end.
    LoginThrottleSettings throttle = new LoginThrottleSettings(THROTTLE_LIMIT, 100, Duration.ofMinutes(1),
        Duration.ofMinutes(1), Duration.ofMinutes(5), 1000);
    service = await(SecurityService.start(vertx, new SecurityConfig(confDir, Duration.ofMinutes(20), 100,
        Duration.ofSeconds(60), 1, 1000, throttle)));
  }

  private void failFromAttacker(String username, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      assertThat(awaitFailure(service.authenticate(username, "wrong-" + i, ATTACKER)))
          .as("failure %d of %s", i + 1, username).isInstanceOf(AuthenticationFailedException.class);
    }
  }

  private Set<ClusterAction> allowed(AuthenticatedUser user) {
    return Arrays.stream(ClusterAction.values())
        .filter(action -> service.isAuthorized(user, action))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClusterAction.class)));
  }

  private static AuthenticatedUser user(String name, String... roles) {
    return new AuthenticatedUser(name, List.of(roles), FileRealm.NAME, FileRealm.TYPE);
  }

  private void writeUsers(String... lines) throws Exception {
    new UserFiles(confDir).writeUsers(UserFiles.parseUsers(List.of(lines), w -> { }));
  }

  private void writeUsersRoles(String... lines) throws Exception {
    UserFiles files = new UserFiles(confDir);
    Files.writeString(files.usersRolesFile(), String.join("\n", lines) + "\n");
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}

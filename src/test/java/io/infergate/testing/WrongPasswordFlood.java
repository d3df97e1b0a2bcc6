package io.infergate.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distinct wrong passwords for one user from several connections of a {@link LoopbackClient}, each
 * connection sending its next guess once the last is answered (after {@code pause}, if any: then
 * {@code connections / pause} guesses a second at most), until {@code maxGuesses} were sent or
 * {@link #stop()}; {@link #pause()} holds them, {@link #sendInstead} turns them into an ordinary
 * client's requests. Counts the answers by status.
 */
public final class WrongPasswordFlood {

  /** The status counted for a guess that got no answer (its connection failed). */
  public static final int NO_ANSWER = 0;

  private static final String PATH = "/_security/_authenticate";
  private static final long IDLE_MILLIS = 10;

  private final LoopbackClient client;
  private final String username;
  private final int connections;
  private final int maxGuesses;
  private final Duration pause;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopped;
  private volatile boolean paused;
  private volatile Credentials instead;

  private record Credentials(String username, String password) {
  }

  public WrongPasswordFlood(LoopbackClient client, String username, int connections, int maxGuesses, Duration pause) {
    this.client = client;
    this.username = username;
    this.connections = connections;
    this.maxGuesses = maxGuesses;
    this.pause = pause;
  }

  /**
   * Starts every connection, with a pause spread evenly over it so that the guesses arrive at an even
   * rate rather than in bursts; completes once all have stopped.
   */
  public Future<Void> start() {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      all.add(pause.isZero() ? sendNext() : after(pause.toMillis() * i / connections));
    }
    return Future.all(all).mapEmpty();
  }

  /** No connection sends another guess; those under way are still answered. */
  public void stop() {
    stopped = true;
  }

  /** The connections keep their pace but send nothing until {@link #resume()}. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  /** Until {@link #guessAgain()}, the connections send these (right) credentials instead, at the same pace. */
  public void sendInstead(String user, String password) {
    instead = new Credentials(user, password);
  }

  public void guessAgain() {
    instead = null;
  }

  /** Guesses sent and not answered yet. */
  public int inFlight() {
    return inFlight.get();
  }

  public int answered() {
    return answered.get();
  }

  public Map<Integer, Integer> statuses() {
    Map<Integer, Integer> counts = new TreeMap<>();
    statuses.forEach((status, count) -> counts.put(status, count.get()));
    return counts;
  }

  private Future<Void> sendNext() {
    if (stopped) {
      return Future.succeededFuture();
    }
    if (paused) {
      return after(Math.max(IDLE_MILLIS, pause.toMillis()));
    }
    int n = sent.getAndIncrement();
    if (n >= maxGuesses) {
      return Future.succeededFuture();
    }
    inFlight.incrementAndGet();
    Credentials right = instead;
    Future<HttpApi.Response> answer = right == null ? client.get(PATH, username, "wrong-password-" + n)
        : client.get(PATH, right.username(), right.password());
    return answer.transform(response -> {
      inFlight.decrementAndGet();
      // A guess whose connection failed before an answer counts under status 0; the connection goes on.
      int status = response.succeeded() ? response.result().status() : NO_ANSWER;
      statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      answered.incrementAndGet();
      return pause.isZero() ? sendNext() : after(pause.toMillis());
    });
  }

  private Future<Void> after(long millis) {
    if (millis < 1) {
      return sendNext();
    }
    Promise<Void> next = Promise.promise();
    client.vertx().setTimer(millis, timer -> sendNext().onComplete(next));
    return next.future();
  }
}

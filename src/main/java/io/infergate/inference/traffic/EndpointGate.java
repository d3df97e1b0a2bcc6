package io.infergate.inference.traffic;

import io.infergate.inference.perform.Call;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * One rate-limited endpoint on this node: a token bucket filled at this node's share of the
 * cluster's limit, and the queue of provider requests waiting for a token, in arrival order and
 * bounded. Admission is local (no cluster round trip); {@link DemandExchange} moves the share.
 * Callable from any event loop; waiters are released on their own context.
 */
final class EndpointGate {

  /** How soon the requests waiting now should be sent, as this node tells its demand. */
  static final double CATCH_UP_SECONDS = 2;

  private record Waiter(Call call, Promise<Void> admitted, Context context) {
  }

  private final Vertx vertx;
  private final String inferenceId;
  private final int maxQueued;
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  private final TokenBucket bucket;
  private int limitPerMinute;
  private long arrivals;
  private double demandPerMinute;
  private long timer = -1;
  private boolean gone;

  EndpointGate(Vertx vertx, String inferenceId, int limitPerMinute, double sharePerMinute, int maxQueued) {
    this.vertx = vertx;
    this.inferenceId = inferenceId;
    this.maxQueued = maxQueued;
    this.limitPerMinute = limitPerMinute;
    this.bucket = new TokenBucket(sharePerMinute, System.nanoTime());
  }

  Future<Void> admit(Call call, EndpointUsage usage) {
    Waiter waiter;
    synchronized (this) {
      arrivals++;
      if (gone) {
        return Future.failedFuture(TrafficErrors.endpointGone(inferenceId));
      }
      long now = System.nanoTime();
      if (queue.isEmpty() && bucket.tryTake(now, false)) {
        return Future.succeededFuture();
      }
      if (queue.size() >= maxQueued) {
        usage.rejected();
        return Future.failedFuture(TrafficErrors.queueFull(inferenceId));
      }
      waiter = new Waiter(call, Promise.promise(), Vertx.currentContext());
      queue.add(waiter);
      call.waitingForAdmission(true);
      schedule(now);
    }
    call.onCancel(() -> withdraw(waiter));
    return waiter.admitted().future();
  }

  synchronized int limitPerMinute() {
    return limitPerMinute;
  }

  synchronized void limitPerMinute(int limit) {
    limitPerMinute = limit;
  }

  synchronized double sharePerMinute() {
    return bucket.perMinute();
  }

  /** This node's part of the limit from now on. */
  void share(double perMinute) {
    List<Waiter> released;
    synchronized (this) {
      long now = System.nanoTime();
      bucket.rate(perMinute, now, !queue.isEmpty());
      cancelTimer();
      released = release(now);
    }
    admit(released);
  }

  synchronized int queued() {
    return queue.size();
  }

  /**
   * Requests per minute this node wants: the recent arrival rate (smoothed) plus what waits in the
   * queue, to be sent within {@link #CATCH_UP_SECONDS} (so that clients that wait for each answer,
   * whose arrivals can never exceed the share, still show how many they are).
   */
  synchronized double demandPerMinute(long intervalNanos) {
    double arrivedPerMinute = arrivals * 60e9 / intervalNanos;
    arrivals = 0;
    demandPerMinute = demandPerMinute == 0 ? arrivedPerMinute : (demandPerMinute + arrivedPerMinute) / 2;
    return demandPerMinute + queue.size() * 60.0 / CATCH_UP_SECONDS;
  }

  /** The endpoint was deleted: every waiting request fails with a 404 now, and later ones at once. */
  void endpointGone() {
    List<Waiter> dropped;
    synchronized (this) {
      gone = true;
      cancelTimer();
      dropped = new ArrayList<>(queue);
      queue.clear();
    }
    for (Waiter waiter : dropped) {
      waiter.call().waitingForAdmission(false);
      onContext(waiter, () -> waiter.admitted().tryFail(TrafficErrors.endpointGone(inferenceId)));
    }
  }

  private void withdraw(Waiter waiter) {
    boolean removed;
    synchronized (this) {
      removed = queue.remove(waiter);
      if (queue.isEmpty()) {
        bucket.settle();
      }
    }
    if (removed) {
      // the call has already been answered (timed out or its client left): this only ends the chain
      onContext(waiter, () -> waiter.admitted().tryFail(new CancellationException("call ended while queued")));
    }
  }

  private void drain() {
    List<Waiter> released;
    synchronized (this) {
      timer = -1;
      released = release(System.nanoTime());
    }
    admit(released);
  }

  /** Takes a token for each waiter it can, then schedules the next drain. Under the lock. */
  private List<Waiter> release(long now) {
    List<Waiter> released = new ArrayList<>();
    while (!queue.isEmpty()) {
      Waiter head = queue.peek();
      if (head.call().isCancelled()) {
        queue.poll();
        continue;
      }
      if (!bucket.tryTake(now, true)) {
        break;
      }
      released.add(queue.poll());
    }
    if (queue.isEmpty()) {
      bucket.settle();
    }
    schedule(now);
    return released;
  }

  private void admit(List<Waiter> released) {
    for (Waiter waiter : released) {
      waiter.call().waitingForAdmission(false);
      onContext(waiter, () -> waiter.admitted().tryComplete());
    }
  }

  private void schedule(long now) {
    if (queue.isEmpty() || timer >= 0 || gone) {
      return;
    }
    long waitNanos = bucket.nanosUntilToken(now, true);
    if (waitNanos == Long.MAX_VALUE) {
      return; // a share of 0: the next share change reschedules
    }
    timer = vertx.setTimer(Math.max(1, (waitNanos + 999_999) / 1_000_000), fired -> drain());
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private static void onContext(Waiter waiter, Runnable action) {
    if (waiter.context() == null) {
      action.run();
    } else {
      waiter.context().runOnContext(v -> action.run());
    }
  }
}

package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupSyncUnitTest {

  /** A sync that counts its runs and, while {@code hold} is closed, waits inside the first one. */
  private static final class HeldSync implements Runnable {
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch hold = new CountDownLatch(1);

    @Override
    public void run() {
      if (runs.incrementAndGet() == 1) {
        entered.countDown();
        try {
          hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Test
  void requestsMadeDuringASyncWaitForTheNextOneAndShareIt() throws Exception {
    HeldSync sync = new HeldSync();
    try (GroupSync group = new GroupSync(sync, "test-sync")) {
      CompletableFuture<Void> first = group.request().toCompletableFuture();
      assertThat(sync.entered.await(30, TimeUnit.SECONDS)).isTrue();
      // Committed while the first sync runs: that sync may have started before their commits.
      List<CompletableFuture<Void>> later = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        later.add(group.request().toCompletableFuture());
      }
      assertThat(first).isNotDone();
      sync.hold.countDown();
      first.get(30, TimeUnit.SECONDS);
      CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertThat(sync.runs).as("one sync for the first request, one for the twenty made during it").hasValue(2);
    }
  }

  @Test
  void aFailedSyncFailsItsBatchAndTheNextBatchIsSyncedAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (GroupSync group = new GroupSync(() -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("cannot sync the log");
      }
    }, "test-sync")) {
      assertThatThrownBy(group::await).isInstanceOf(IllegalStateException.class).hasMessage("cannot sync the log");
      group.await();
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  void closeSyncsForWhatWaitsAndRefusesLaterRequests() throws Exception {
    HeldSync sync = new HeldSync();
    GroupSync group = new GroupSync(sync, "test-sync");
    group.request();
    assertThat(sync.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> waiting = group.request().toCompletableFuture();
    CompletableFuture<Void> closed = CompletableFuture.runAsync(group::close);
    sync.hold.countDown();
    closed.get(30, TimeUnit.SECONDS);
    waiting.get(30, TimeUnit.SECONDS);
    assertThat(sync.runs).hasValue(2);

    CompletableFuture<Void> after = group.request().toCompletableFuture();
    assertThatThrownBy(after::get).isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("the store is closed");
    assertThat(sync.runs).hasValue(2);
  }
}

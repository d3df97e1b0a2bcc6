package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import io.infergate.bus.EventsPage;
import io.infergate.bus.ReadEvents;
import io.infergate.bus.RegistryFailure;
import io.infergate.testing.Conditions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live events (out of order, twice, or missing) plus the log, delivered in sequence order, each
 * once. Driven step by step on one Vert.x context, as the stream requires; the log answers each
 * read only when a step says so, so every interleaving is chosen by the test, never by timing.
 */
class OrderedEventStreamUnitTest {

  private static Vertx vertx;

  private Context context;
  private FakeLog log;
  private final List<Long> delivered = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @BeforeEach
  void newContext() {
    context = vertx.getOrCreateContext();
    log = new FakeLog();
  }

  @AfterEach
  void everyReadWasOnTheStreamsContext() {
    assertThat(log.readsOffContext).isZero();
  }

  /** The cluster's event log: the events it keeps; each read waits until a step answers it. */
  private final class FakeLog implements OrderedEventStream.LogReader {

    private final TreeMap<Long, JsonObject> kept = new TreeMap<>();
    private final Deque<Read> pending = new ArrayDeque<>();
    private final List<Long> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int readsOffContext;

    private record Read(long from, int max, Promise<EventsPage> reply) {
    }

    @Override
    public Future<EventsPage> read(long fromSequence, int max) {
      if (Vertx.currentContext() != context) {
        readsOffContext++;
      }
      reads.add(fromSequence);
      Promise<EventsPage> reply = Promise.promise();
      pending.add(new Read(fromSequence, max, reply));
      return reply.future();
    }

    void keep(long... sequences) {
      for (long sequence : sequences) {
        kept.put(sequence, event(sequence));
      }
    }

    /** Items the log holds but refuses (not signed by a gateway): a read leaves them out and goes past them. */
    void refuse(long... sequences) {
      for (long sequence : sequences) {
        kept.put(sequence, null);
      }
    }

    /** Answers the oldest pending read from what the log keeps. */
    void answer() {
      Read read = pending.remove();
      List<Map.Entry<Long, JsonObject>> items = kept.tailMap(read.from()).entrySet().stream().limit(read.max()).toList();
      List<JsonObject> page = items.stream().map(Map.Entry::getValue).filter(java.util.Objects::nonNull).toList();
      long newest = kept.isEmpty() ? read.from() - 1 : kept.lastKey();
      long next = items.isEmpty() ? read.from() : items.get(items.size() - 1).getKey() + 1;
      read.reply().complete(new EventsPage(page, kept.isEmpty() ? read.from() : kept.firstKey(), newest, next));
    }

    void answerAll() {
      while (!pending.isEmpty()) {
        answer();
      }
    }

    void fail(Throwable failure) {
      pending.remove().reply().fail(failure);
    }
  }

  private static JsonObject event(long sequence) {
    return new JsonObject().put("sequence", sequence).put("type", "created").put("inference_id", "id-" + sequence);
  }

  private OrderedEventStream stream(long fromSequence) {
    return new OrderedEventStream(vertx, log, fromSequence, event -> delivered.add(event.getLong("sequence")),
        errors::add);
  }

  /** Runs one step on the stream's context and waits for it: what it started has happened when it returns. */
  private void step(Runnable step) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(nothing -> {
      try {
        step.run();
        done.complete(null);
      } catch (Throwable failure) {
        done.completeExceptionally(failure);
      }
    });
    done.get(5, TimeUnit.SECONDS);
  }

  private static List<Long> sequences(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void aPausedStreamKeepsNothingCountsItsLagAndReadsTheLogWhenResumed() throws Exception {
    OrderedEventStream stream = stream(-1);
    step(() -> stream.offer(event(5)));
    assertThat(stream.lag()).isZero();

    step(stream::pause);
    log.keep(6, 7, 8);
    step(() -> {
      stream.offer(event(6));
      stream.offer(event(8));
      stream.offer(event(7));
    });
    assertThat(delivered).as("nothing while paused").containsExactly(5L);
    assertThat(log.reads).as("and no read of the log either").isEmpty();
    assertThat(stream.lag()).as("6, 7 and 8 not delivered").isEqualTo(3);

    step(stream::resume);
    assertThat(log.reads).as("resumed: read from the first not delivered").containsExactly(6L);
    step(log::answer);
    assertThat(delivered).containsExactly(5L, 6L, 7L, 8L);
    assertThat(stream.lag()).isZero();
    assertThat(errors).isEmpty();
  }

  @Test
  void aPauseDuringACatchUpStopsItWhereItWas() throws Exception {
    OrderedEventStream stream = stream(0);
    log.keep(0, 1, 2);
    step(stream::start);
    step(stream::pause);
    step(log::answer);
    assertThat(delivered).as("the page came after the pause: none of it delivered").isEmpty();
    assertThat(stream.nextSequence()).isZero();

    step(() -> stream.offer(event(3)));
    log.keep(3);
    step(stream::resume);
    step(log::answerAll);
    assertThat(delivered).containsExactly(0L, 1L, 2L, 3L);
    assertThat(errors).isEmpty();
  }

  @Test
  void outOfOrderLiveEventsAreDeliveredInOrder() throws Exception {
    OrderedEventStream stream = stream(-1);

    step(() -> stream.offer(event(5)));
    assertThat(delivered).as("the first live event starts a stream without a sequence").containsExactly(5L);

    step(() -> {
      stream.offer(event(8));
      stream.offer(event(7));
      stream.offer(event(6));
    });
    assertThat(log.reads).as("8 opened a gap: one read of the log from 6").containsExactly(6L);
    assertThat(delivered).as("6 arrived live and filled the gap while the read was out").containsExactly(5L, 6L, 7L, 8L);

    step(log::answer);
    assertThat(delivered).as("the read's answer delivers nothing twice").containsExactly(5L, 6L, 7L, 8L);
    assertThat(log.reads).containsExactly(6L);
    assertThat(stream.nextSequence()).isEqualTo(9);
    assertThat(errors).isEmpty();
  }

  @Test
  void aSequenceTheLogRefusedIsSkippedNotWaitedFor() throws Exception {
    OrderedEventStream stream = stream(-1);
    log.keep(5, 7, 9);
    log.refuse(6, 8);

    step(() -> {
      stream.offer(event(5));
      stream.offer(event(7));
    });
    assertThat(log.reads).as("7 opened a gap at 6").containsExactly(6L);

    step(log::answer);
    assertThat(delivered).as("the log read past 6 and 8: 7 follows 5, 9 follows 7").containsExactly(5L, 7L, 9L);
    assertThat(stream.nextSequence()).isEqualTo(10);
    assertThat(log.pending).as("nothing is waited for").isEmpty();

    step(() -> stream.offer(event(9)));
    assertThat(delivered).as("9 came from the log already: once").containsExactly(5L, 7L, 9L);
    assertThat(errors).isEmpty();
  }

  @Test
  void aCatchUpFromASavedSequenceGoesPastRefusedItems() throws Exception {
    OrderedEventStream stream = stream(0);
    log.keep(1, 3);
    log.refuse(0, 2);
    List<Future<Void>> started = new ArrayList<>();

    step(() -> started.add(stream.start()));
    step(log::answer);
    assertThat(started.get(0).succeeded()).isTrue();
    assertThat(delivered).containsExactly(1L, 3L);
    assertThat(stream.nextSequence()).isEqualTo(4);

    step(() -> stream.offer(event(4)));
    assertThat(delivered).containsExactly(1L, 3L, 4L);
    assertThat(log.reads).containsExactly(0L);
  }

  @Test
  void duplicatesAreDropped() throws Exception {
    OrderedEventStream stream = stream(-1);

    step(() -> {
      for (long sequence : new long[] {1, 1, 2, 1, 2, 3, 3}) {
        stream.offer(event(sequence));
      }
    });

    assertThat(delivered).containsExactly(1L, 2L, 3L);
    assertThat(log.reads).as("no gap, no read").isEmpty();
  }

  @Test
  void aGapIsFilledFromTheLog() throws Exception {
    OrderedEventStream stream = stream(-1);
    log.keep(1, 2, 3, 4);

    step(() -> {
      stream.offer(event(1));
      stream.offer(event(4));
    });
    assertThat(delivered).containsExactly(1L);
    assertThat(log.reads).containsExactly(2L);

    step(log::answer);
    assertThat(delivered).as("4 came live and from the log: once").containsExactly(1L, 2L, 3L, 4L);
    assertThat(log.pending).isEmpty();
    assertThat(stream.nextSequence()).isEqualTo(5);
  }

  @Test
  void aGapTheLogFillsInTwoReadsIsReadAgainAtOnce() throws Exception {
    OrderedEventStream stream = stream(-1);
    log.keep(1, 2);

    step(() -> {
      stream.offer(event(1));
      stream.offer(event(4));
      log.answer();
    });
    assertThat(delivered).containsExactly(1L, 2L);
    assertThat(log.reads).as("something came, 3 is still missing: read on").containsExactly(2L, 3L);

    step(() -> {
      log.keep(3, 4);
      log.answer();
    });
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
    assertThat(log.pending).isEmpty();
  }

  @Test
  void aStartFromASavedSequenceCatchesUpBeforeLiveEvents() throws Exception {
    OrderedEventStream stream = stream(10);
    log.keep(8, 9, 10, 11, 12);
    List<Future<Void>> started = new ArrayList<>();

    step(() -> started.add(stream.start()));
    assertThat(log.reads).containsExactly(10L);

    step(() -> {
      stream.offer(event(12));
      stream.offer(event(13));
    });
    assertThat(delivered).as("live events wait for the catch-up").isEmpty();
    assertThat(log.reads).as("no second read while one is under way").containsExactly(10L);

    step(log::answer);
    assertThat(delivered).containsExactly(10L, 11L, 12L, 13L);
    assertThat(started.get(0).succeeded()).isTrue();
    assertThat(stream.nextSequence()).isEqualTo(14);
  }

  @Test
  void aLiveEventBeforeTheStartBeginsTheOnlyCatchUpAndTheStartWaitsForIt() throws Exception {
    OrderedEventStream stream = stream(0);
    log.keep(0, 1, 2);
    List<Future<Void>> started = new ArrayList<>();

    step(() -> stream.offer(event(3)));
    assertThat(log.reads).containsExactly(0L);
    step(() -> started.add(stream.start()));
    assertThat(log.reads).as("the start reads nothing again").containsExactly(0L);
    assertThat(started.get(0).isComplete()).as("ready once caught up").isFalse();

    step(log::answer);
    assertThat(delivered).containsExactly(0L, 1L, 2L, 3L);
    assertThat(started.get(0).succeeded()).isTrue();
  }

  @Test
  void aCatchUpLongerThanOneBatchReadsOnToTheEnd() throws Exception {
    OrderedEventStream stream = stream(0);
    log.keep(LongStream.rangeClosed(0, 2_499).toArray());
    List<Future<Void>> started = new ArrayList<>();

    step(() -> {
      started.add(stream.start());
      log.answerAll();
    });

    assertThat(log.reads).containsExactly(0L, 1_000L, 2_000L);
    assertThat(delivered).isEqualTo(sequences(0, 2_499));
    assertThat(started.get(0).succeeded()).isTrue();
  }

  @Test
  void aStreamWithoutASequenceIsReadyAtOnceAndStartsWithTheFirstLiveEvent() throws Exception {
    OrderedEventStream stream = stream(-1);
    List<Future<Void>> started = new ArrayList<>();

    step(() -> started.add(stream.start()));
    assertThat(started.get(0).succeeded()).isTrue();
    assertThat(log.reads).isEmpty();

    step(() -> stream.offer(event(42)));
    assertThat(delivered).containsExactly(42L);
    assertThat(stream.nextSequence()).isEqualTo(43);
  }

  @Test
  void aSequencePastRetentionIsReportedAndTheStreamGoesOnFromTheOldestKept() throws Exception {
    EsError gone = new EsError(410, "events_past_retention_exception", "events from sequence [2] are gone",
        Map.of(ReadEvents.OLDEST_SEQUENCE, 5L));
    for (Throwable failure : List.of(new RegistryFailure(gone), gone.toException())) {
      log = new FakeLog();
      log.keep(5, 6);
      delivered.clear();
      errors.clear();
      OrderedEventStream stream = stream(2);
      List<Future<Void>> started = new ArrayList<>();

      step(() -> {
        started.add(stream.start());
        log.fail(failure);
      });
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0)).isInstanceOfSatisfying(EventsPastRetentionException.class, past -> {
        assertThat(past.requested()).isEqualTo(2);
        assertThat(past.oldestKept()).isEqualTo(5);
        assertThat(past.getMessage()).isEqualTo("events from sequence [2] are gone");
      });
      assertThat(log.reads).containsExactly(2L, 5L);

      step(log::answer);
      assertThat(delivered).containsExactly(5L, 6L);
      assertThat(started.get(0).succeeded()).isTrue();
      assertThat(stream.nextSequence()).isEqualTo(7);
    }
  }

  @Test
  void liveEventsWhileAFailedReadWaitsToRetryStartNoSecondRead() throws Exception {
    OrderedEventStream stream = stream(-1);
    step(() -> stream.offer(event(1)));
    step(() -> stream.offer(event(3)));
    assertThat(log.reads).containsExactly(2L);

    step(() -> log.fail(new IllegalStateException("the log is out of reach")));
    step(() -> {
      stream.offer(event(4));
      stream.offer(event(5));
    });
    assertThat(log.reads).as("no read while the failed one waits for its retry").containsExactly(2L);
    assertThat(errors).hasSize(1);

    Conditions.await(Duration.ofSeconds(5), "the retry", () -> log.reads.size() == 2);
    log.keep(2);
    step(log::answer);
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(log.reads).containsExactly(2L, 2L);
  }

  @Test
  void a410WithoutTheOldestSequenceIsRetriedLaterNotInALoop() throws Exception {
    OrderedEventStream stream = stream(0);
    step(stream::start);
    step(() -> log.fail(new RegistryFailure(new EsError(410,
        "events_past_retention_exception", "past retention"))));
    assertThat(log.reads).as("read again only after the pause").containsExactly(0L);
    assertThat(errors).hasSize(1);
    Conditions.await(Duration.ofSeconds(5), "the retry", () -> log.reads.size() == 2);
  }

  @Test
  void anEventWithoutASequenceIsReportedAndSkipped() throws Exception {
    OrderedEventStream stream = stream(-1);

    step(() -> {
      stream.offer(event(1));
      stream.offer(new JsonObject().put("type", "created"));
      stream.offer(event(2));
    });

    assertThat(delivered).containsExactly(1L, 2L);
    assertThat(errors).singleElement().isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedStreamDeliversNothingMore() throws Exception {
    OrderedEventStream stream = stream(-1);
    log.keep(1, 2, 3);

    step(() -> {
      stream.offer(event(1));
      stream.offer(event(3));
    });
    assertThat(log.reads).containsExactly(2L);

    step(() -> {
      stream.close();
      log.answer();
      stream.offer(event(2));
      stream.offer(event(4));
    });

    assertThat(delivered).containsExactly(1L);
    assertThat(log.reads).containsExactly(2L);
  }
}

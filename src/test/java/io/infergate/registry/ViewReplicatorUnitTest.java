package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.bus.BusCodecs;
import io.infergate.bus.ViewMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a change counts as applied by another gateway: its signed acknowledgment, or its leaving the
 * cluster. A member whose consumer drops the change while it closes (Vert.x answers such a drop with
 * a TIMEOUT failure long before the deadline) is asked again, not counted as a timeout.
 */
class ViewReplicatorUnitTest {

  private static final UUID SELF = UUID.randomUUID();
  private static final UUID OTHER = UUID.randomUUID();
  private static final StoredDocument CHANGE =
      StoredDocument.live("doc", new JsonObject().put("id", "doc"), 7, SELF.toString());

  private final Set<UUID> members = ConcurrentHashMap.newKeySet();
  private Vertx vertx;
  private ViewReplicator replicator;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
    members.addAll(List.of(SELF, OTHER));
    replicator = new ViewReplicator(vertx, () -> SELF, members::contains, () -> List.copyOf(members),
        TestSeals.SIGNER);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aChangeTheMemberDroppedIsDeliveredAgainUntilItAcknowledges() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    vertx.eventBus().<ViewMessage>consumer(Addresses.view(OTHER), message -> {
      if (delivered.incrementAndGet() <= 2) {
        dropAsClosingConsumerDoes(message);
      } else {
        message.reply(acknowledgment(OTHER));
      }
    }).completion().await(10, TimeUnit.SECONDS);

    long started = System.nanoTime();
    assertThat(await(replicator.replicate("notes", CHANGE, 30_000))).as("acknowledged").isTrue();
    assertThat(delivered).hasValue(3);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
  }

  @Test
  void aMemberThatDropsTheChangeAndLeavesIsNotWaitedFor() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    vertx.eventBus().<ViewMessage>consumer(Addresses.view(OTHER), message -> {
      // The member closes: it drops every change, then leaves the cluster.
      if (delivered.incrementAndGet() == 3) {
        members.remove(OTHER);
        replicator.memberLeft(OTHER);
      }
      dropAsClosingConsumerDoes(message);
    }).completion().await(10, TimeUnit.SECONDS);

    assertThat(await(replicator.replicate("notes", CHANGE, 30_000))).as("acknowledged").isTrue();
    assertThat(delivered).hasValueGreaterThanOrEqualTo(3);
  }

  @Test
  void aMemberThatStaysAndNeverAnswersMakesTheWriteUnacknowledgedAtTheDeadline() throws Exception {
    vertx.eventBus().<ViewMessage>consumer(Addresses.view(OTHER), message -> {
      // Holds on to the change without answering.
    }).completion().await(10, TimeUnit.SECONDS);

    long started = System.nanoTime();
    assertThat(await(replicator.replicate("notes", CHANGE, 300))).as("acknowledged").isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(290);
  }

  @Test
  void anAnswerWithoutTheClusterKeyIsNotAnAcknowledgment() throws Exception {
    vertx.eventBus().<ViewMessage>consumer(Addresses.view(OTHER), message -> message.reply("ok"))
        .completion().await(10, TimeUnit.SECONDS);

    assertThat(await(replicator.replicate("notes", CHANGE, 300))).as("acknowledged").isFalse();
  }

  /** What Vert.x answers for a request its consumer discards (unregistered, or its buffer full). */
  private static void dropAsClosingConsumerDoes(Message<ViewMessage> message) {
    message.reply(new ReplyException(ReplyFailure.TIMEOUT, "Discarded the request. address: "
        + message.replyAddress() + ", repliedAddress: " + message.address()));
  }

  private static String acknowledgment(UUID member) {
    return TestSeals.SIGNER.acknowledgment(member.toString(), "notes", CHANGE.id(), CHANGE.revision());
  }

  private static Boolean await(Future<Boolean> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}

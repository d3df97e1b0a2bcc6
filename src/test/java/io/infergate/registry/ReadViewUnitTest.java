package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's read view: the highest revision of each id wins, live or deleted, so a late change
 * message or a stale snapshot never brings back a deleted document or an older version.
 */
class ReadViewUnitTest {

  private static final List<String> IDENTITY = List.of("id");

  private final AtomicInteger decoded = new AtomicInteger();
  private ReadView<String> view;

  /** The view's document is the body's {@code value}; every decode is counted. */
  @BeforeEach
  void newView() {
    view = new ReadView<>(stored -> {
      decoded.incrementAndGet();
      return stored.body().getString("value");
    });
  }

  private static StoredDocument live(String id, long revision, String value) {
    return StoredDocument.live(id, new JsonObject().put("id", id).put("value", value), revision, "m1");
  }

  private static StoredDocument tombstone(String id, long revision, long deletedAt) {
    return StoredDocument.tombstone(live(id, revision - 1, "gone"), IDENTITY, revision, deletedAt, "m1");
  }

  @Test
  void anEmptyViewHasNothing() {
    assertThat(view.get("a")).isEmpty();
    assertThat(view.stored("a")).isEmpty();
    assertThat(view.live()).isEmpty();
    assertThat(view.size()).isZero();
    assertThat(view.highestRevision()).isZero();
  }

  @Test
  void theHighestRevisionOfAnIdWins() {
    assertThat(view.apply(live("a", 2, "two"))).isTrue();
    assertThat(view.apply(live("a", 1, "one"))).as("older, arriving late").isFalse();
    assertThat(view.apply(live("a", 2, "two again"))).as("the same revision again").isFalse();
    assertThat(view.get("a")).contains("two");

    assertThat(view.apply(live("a", 3, "three"))).isTrue();
    assertThat(view.get("a")).contains("three");
    assertThat(view.stored("a")).hasValueSatisfying(stored -> assertThat(stored.revision()).isEqualTo(3));
  }

  @Test
  void idsAreIndependent() {
    view.apply(live("a", 5, "a5"));
    view.apply(live("b", 3, "b3"));

    assertThat(view.get("a")).contains("a5");
    assertThat(view.get("b")).contains("b3");
    assertThat(view.live()).containsExactlyInAnyOrder("a5", "b3");
    assertThat(view.size()).isEqualTo(2);
  }

  @Test
  void aTombstoneHidesTheDocumentAndBlocksAnOlderVersionComingLate() {
    view.apply(live("a", 2, "two"));
    view.apply(live("b", 1, "b"));

    assertThat(view.apply(tombstone("a", 4, 100))).isTrue();

    assertThat(view.get("a")).isEmpty();
    assertThat(view.stored("a")).hasValueSatisfying(stored -> {
      assertThat(stored.isTombstone()).isTrue();
      assertThat(stored.revision()).isEqualTo(4);
    });
    assertThat(view.live()).containsExactly("b");
    assertThat(view.size()).isEqualTo(1);

    assertThat(view.apply(live("a", 3, "three, late"))).isFalse();
    assertThat(view.apply(live("a", 2, "two, again"))).isFalse();
    assertThat(view.get("a")).isEmpty();

    assertThat(view.apply(live("a", 5, "re-created"))).as("a re-create has a later revision").isTrue();
    assertThat(view.get("a")).contains("re-created");
  }

  @Test
  void aLateTombstoneDoesNotHideALaterVersion() {
    view.apply(live("a", 6, "six"));

    assertThat(view.apply(tombstone("a", 4, 100))).isFalse();

    assertThat(view.get("a")).contains("six");
  }

  @Test
  void dropMissingDropsOnlyAbsentEntriesAtOrBelowTheSnapshotRevision() {
    view.apply(live("kept", 2, "kept"));
    view.apply(live("older", 4, "older"));
    view.apply(live("atSnapshot", 5, "atSnapshot"));
    view.apply(tombstone("deleted", 3, 100));
    view.apply(live("newer", 6, "newer"));

    view.dropMissing(Set.of("kept"), 5, view.stamp());

    assertThat(view.live()).containsExactlyInAnyOrder("kept", "newer");
    assertThat(view.stored("older")).isEmpty();
    assertThat(view.stored("atSnapshot")).isEmpty();
    assertThat(view.stored("deleted")).as("a purged tombstone").isEmpty();
    assertThat(view.highestRevision()).as("never goes back").isEqualTo(6);
  }

  @Test
  void anEntryAppliedWhileTheSnapshotWasReadIsKept() {
    view.apply(live("before", 3, "before"));
    long stamp = view.stamp();
    // Its revision (4) was taken before the snapshot read the counter (5), but it reached the map
    // after the snapshot read the entries, and this view through replication before the reload.
    view.apply(live("late", 4, "late"));

    view.dropMissing(Set.of(), 5, stamp);

    assertThat(view.live()).containsExactly("late");
  }

  @Test
  void forgetTombstonesForgetsOnlyTombstonesDeletedBeforeTheCutoff() {
    view.apply(tombstone("old", 3, 100));
    view.apply(tombstone("recent", 4, 200));
    view.apply(live("live", 5, "live"));

    view.forgetTombstones(200);

    assertThat(view.stored("old")).isEmpty();
    assertThat(view.stored("recent")).hasValueSatisfying(stored -> assertThat(stored.isTombstone()).isTrue());
    assertThat(view.get("live")).contains("live");
    assertThat(view.highestRevision()).isEqualTo(5);
  }

  @Test
  void highestRevisionIsTheHighestAppliedOfAnyId() {
    view.apply(live("a", 7, "a"));
    view.apply(live("b", 3, "b"));
    assertThat(view.highestRevision()).isEqualTo(7);

    view.apply(tombstone("b", 9, 100));
    assertThat(view.highestRevision()).as("a deletion counts").isEqualTo(9);

    view.apply(live("a", 5, "late"));
    assertThat(view.highestRevision()).isEqualTo(9);
  }

  @Test
  void aDocumentIsDecodedOnceWhenAppliedAndNeverOnRead() {
    view.apply(live("a", 1, "one"));
    view.apply(live("b", 2, "two"));
    assertThat(decoded).hasValue(2);

    for (int i = 0; i < 3; i++) {
      view.get("a");
      view.stored("b");
      view.live().toList();
      view.size();
    }
    assertThat(decoded).as("reads decode nothing").hasValue(2);

    view.apply(live("a", 1, "one, again"));
    view.apply(live("a", 0, "older"));
    assertThat(decoded).as("an ignored change is not decoded").hasValue(2);

    view.apply(tombstone("b", 3, 100));
    assertThat(decoded).as("a tombstone has no document to decode").hasValue(2);

    view.apply(live("a", 4, "four"));
    assertThat(decoded).hasValue(3);
  }
}

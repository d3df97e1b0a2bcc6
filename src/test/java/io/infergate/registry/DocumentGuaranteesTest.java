package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.ApiKey;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.NativeRole;
import io.infergate.bus.NativeUser;
import io.infergate.bus.EventsPage;
import io.infergate.bus.Principal;
import io.infergate.bus.ReadEvents;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guarantees every replicated document kind gets from the registry, run against the inference
 * endpoints and against {@link NoteKind}, a kind that exists only in the tests: revisions that
 * only grow for an id, also across delete and re-create; no stale read on any node once a write
 * is acknowledged; one event per change, in a gap-free sequence, never with a secret; and (in
 * {@link DocumentDurabilityTest}) every acknowledged change kept across a full-cluster restart.
 */
class DocumentGuaranteesTest {

  static final Principal TESTER = new Principal("tester", List.of("superuser"), "test");
  static final long TIMEOUT_MS = 30_000;

  /** A kind under test and how to make one of its documents, carrying {@link #SECRET}. */
  record Subject<D>(DocumentKind<D> kind, Function<String, D> sample) {

    @Override
    public String toString() {
      return kind.name();
    }
  }

  static final String SECRET = "never-in-an-event-5c1d";

  static Stream<Subject<?>> kinds() {
    return Stream.of(
        new Subject<>(TestSecrets.ENDPOINTS, id -> new EndpointDefinition(id, "sparse_embedding", "hugging_face",
            new JsonObject().put("url", "https://hf.example/" + id), new JsonObject().put("api_key", SECRET),
            new JsonObject(), null)),
        new Subject<>(NoteKind.INSTANCE, id -> new NoteKind.Note(id, "text of " + id, SECRET)),
        new Subject<>(TestSecrets.ACCOUNTS.users(), id -> new NativeUser(id, SECRET, List.of("inference_user"),
            "Full " + id, id + "@example.com", new JsonObject().put("team", "search"), true)),
        new Subject<>(TestSecrets.ACCOUNTS.roles(), id -> new NativeRole(id,
            new JsonObject().put("cluster", new io.vertx.core.json.JsonArray().add("monitor_inference")))),
        new Subject<>(TestSecrets.ACCOUNTS.apiKeys(), id -> new ApiKey(id, "key " + id, SECRET, 1_700_000_000_000L,
            null, false, null, "elastic", "default_file", "file", new JsonObject(), new JsonObject(),
            new JsonObject().put("superuser", new JsonObject()))));
  }

  @TempDir
  static Path conf;
  static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(3, conf, 1, TestCluster.sqliteStore(conf)).documentKinds(List.of(NoteKind.INSTANCE));
    for (int node = 0; node < 3; node++) {
      cluster.startNode(node);
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static <D> DocumentRegistry<D> on(int node, DocumentKind<D> kind) {
    return cluster.node(node).registries().of(kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <D> void revisionsOfAnIdOnlyGrowAcrossDeleteAndRecreate(Subject<D> subject) {
    String id = "grow-" + subject.kind().name();
    Write created = TestCluster.await(on(0, subject.kind()).create(id, subject.sample().apply(id), TESTER, TIMEOUT_MS));
    Write deleted = TestCluster.await(on(1, subject.kind()).delete(id, DeleteGuard.mustExist("document"), TESTER,
        TIMEOUT_MS));
    Write recreated = TestCluster.await(on(2, subject.kind()).create(id, subject.sample().apply(id), TESTER,
        TIMEOUT_MS));
    Write again = TestCluster.await(on(0, subject.kind()).create(id, subject.sample().apply(id), TESTER, TIMEOUT_MS));

    assertThat(List.of(created.applied(), deleted.applied(), recreated.applied())).containsOnly(true);
    assertThat(deleted.written().revision()).isGreaterThan(created.written().revision());
    assertThat(recreated.written().revision()).isGreaterThan(deleted.written().revision());
    assertThat(again.applied()).as("a second create of a live id").isFalse();
    assertThat(again.found().revision()).isEqualTo(recreated.written().revision());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <D> void noNodeReadsStaleOnceAWriteIsAcknowledged(Subject<D> subject) {
    for (int round = 0; round < 20; round++) {
      String id = "fresh-" + subject.kind().name() + "-" + (round % 3);
      Write created = TestCluster.await(on(round % 3, subject.kind()).create(id, subject.sample().apply(id), TESTER,
          TIMEOUT_MS));
      assertThat(created.acknowledged()).isTrue();
      for (int node = 0; node < 3; node++) {
        assertThat(on(node, subject.kind()).view().get(id)).as("node %d after the create of %s", node, id).isPresent();
      }
      Write deleted = TestCluster.await(on((round + 1) % 3, subject.kind()).delete(id, DeleteGuard.mustExist("document"),
          TESTER, TIMEOUT_MS));
      assertThat(deleted.acknowledged()).isTrue();
      for (int node = 0; node < 3; node++) {
        assertThat(on(node, subject.kind()).view().get(id)).as("node %d after the delete of %s", node, id).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <D> void everyChangeIsOneEventInAGapFreeSequenceWithoutSecrets(Subject<D> subject) {
    DocumentKind<D> kind = subject.kind();
    String id = "logged-" + kind.name();
    long from = TestCluster.await(on(0, kind).readEvents(new ReadEvents(0, 1))).newest() + 1;

    Write created = TestCluster.await(on(0, kind).create(id, subject.sample().apply(id), TESTER, TIMEOUT_MS));
    StoredDocument current = TestCluster.await(on(1, kind).read(id)).orElseThrow();
    JsonObject changed = current.body().copy();
    Write replaced = TestCluster.await(on(1, kind).replace(current, changed, TESTER, TIMEOUT_MS));
    Write deleted = TestCluster.await(on(2, kind).delete(id, DeleteGuard.mustExist("document"), TESTER, TIMEOUT_MS));

    EventsPage page = TestCluster.await(on(1, kind).readEvents(new ReadEvents(from, 100)));
    List<JsonObject> events = page.events().stream().filter(event -> id.equals(event.getString(kind.idField())))
        .toList();
    assertThat(events).extracting(event -> event.getString("type")).containsExactly("created", "updated", "deleted");
    assertThat(events).extracting(event -> event.getLong("revision"))
        .containsExactly(created.written().revision(), replaced.written().revision(), deleted.written().revision());
    assertThat(page.events()).extracting(event -> event.getLong("sequence"))
        .containsExactlyElementsOf(java.util.stream.LongStream.range(from, page.next()).boxed().toList());
    assertThat(page.events()).allSatisfy(event -> assertThat(event.encode()).doesNotContain(SECRET));
    assertThat(on(0, kind).view().get(id)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  <D> void aReplaceOfAVersionThatChangedMeanwhileIsRefused(Subject<D> subject) {
    DocumentKind<D> kind = subject.kind();
    String id = "raced-" + kind.name();
    TestCluster.await(on(0, kind).create(id, subject.sample().apply(id), TESTER, TIMEOUT_MS));
    StoredDocument read = TestCluster.await(on(0, kind).read(id)).orElseThrow();
    Write first = TestCluster.await(on(1, kind).replace(read, read.body().copy(), TESTER, TIMEOUT_MS));
    Write second = TestCluster.await(on(2, kind).replace(read, read.body().copy(), TESTER, TIMEOUT_MS));

    assertThat(first.applied()).isTrue();
    assertThat(second.applied()).as("a replace of the version the first one replaced").isFalse();
    assertThat(second.found().revision()).isEqualTo(first.written().revision());
  }
}

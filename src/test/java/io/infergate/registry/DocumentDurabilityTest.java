package io.infergate.registry;

import static io.infergate.registry.DocumentGuaranteesTest.TESTER;
import static io.infergate.registry.DocumentGuaranteesTest.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.registry.DocumentGuaranteesTest.Subject;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every acknowledged change of every document kind survives a full-cluster stop and start on the
 * same store, and revisions keep growing across it (the endpoints, users, roles, API keys and {@link NoteKind}, all in
 * the same restart; on SQLite, and on PostgreSQL when INFERGATE_TEST_POSTGRES_URL names a server, as in CI).
 */
class DocumentDurabilityTest {

  private static final String RUN = Long.toHexString(System.nanoTime());
  // A PostgreSQL database outlives the test: ids of its own keep runs apart.
  private static final String KEPT = "kept-" + RUN;
  private static final String DELETED = "deleted-" + RUN;
  private static final String REPLACED = "replaced-" + RUN;

  @TempDir
  Path conf;

  private JsonObject store(String type) {
    if (type.equals("sqlite")) {
      return TestCluster.sqliteStore(conf);
    }
    return TestPostgres.store();
  }

  private TestCluster start(JsonObject store) {
    TestCluster cluster = TestCluster.create(2, conf, 1, store).documentKinds(List.of(NoteKind.INSTANCE));
    cluster.startNode(0);
    cluster.startNode(1);
    return cluster;
  }

  /** Every kind in the same two cluster lifetimes: a full restart per store, not per kind. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyAcknowledgedChangeOfEveryKindSurvivesAFullClusterRestart(String storeType) {
    JsonObject store = store(storeType);
    List<Subject<?>> subjects = DocumentGuaranteesTest.kinds().toList();
    Map<String, long[]> revisions = new HashMap<>();
    try (TestCluster first = start(store)) {
      for (Subject<?> subject : subjects) {
        revisions.put(subject.kind().name(), writeBeforeRestart(first, subject));
      }
    }
    try (TestCluster second = start(store)) {
      for (Subject<?> subject : subjects) {
        assertKeptAfterRestart(second, subject, revisions.get(subject.kind().name()));
      }
    }
  }

  /** Creates three documents, deletes one, replaces one: the revisions of the delete and of the replace. */
  private static <D> long[] writeBeforeRestart(TestCluster cluster, Subject<D> subject) {
    DocumentKind<D> kind = subject.kind();
    DocumentRegistry<D> a = cluster.node(0).registries().of(kind);
    DocumentRegistry<D> b = cluster.node(1).registries().of(kind);
    for (String id : List.of(KEPT, DELETED, REPLACED)) {
      assertThat(TestCluster.await(a.create(id, subject.sample().apply(id), TESTER, TIMEOUT_MS)).applied())
          .as("%s %s", kind.name(), id).isTrue();
    }
    long deletedAt = TestCluster.await(b.delete(DELETED, DeleteGuard.mustExist("document"), TESTER, TIMEOUT_MS))
        .written().revision();
    StoredDocument before = TestCluster.await(a.read(REPLACED)).orElseThrow();
    long replacedAt = TestCluster.await(b.replace(before, before.body().copy(), TESTER, TIMEOUT_MS)).written().revision();
    return new long[] {deletedAt, replacedAt};
  }

  private static <D> void assertKeptAfterRestart(TestCluster cluster, Subject<D> subject, long[] revisions) {
    DocumentKind<D> kind = subject.kind();
    for (int node = 0; node < 2; node++) {
      ReadView<D> view = cluster.node(node).registries().of(kind).view();
      assertThat(view.get(KEPT)).as("%s on node %d", kind.name(), node).isPresent();
      assertThat(view.get(DELETED)).as("%s on node %d", kind.name(), node).isEmpty();
      assertThat(view.stored(REPLACED).orElseThrow().revision()).as(kind.name()).isEqualTo(revisions[1]);
    }
    Write recreated = TestCluster.await(cluster.node(1).registries().of(kind)
        .create(DELETED, subject.sample().apply(DELETED), TESTER, TIMEOUT_MS));
    assertThat(recreated.written().revision()).as(kind.name()).isGreaterThan(Math.max(revisions[0], revisions[1]));
  }
}

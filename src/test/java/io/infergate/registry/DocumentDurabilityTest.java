package io.infergate.registry;

import static io.infergate.registry.DocumentGuaranteesTest.TESTER;
import static io.infergate.registry.DocumentGuaranteesTest.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.registry.DocumentGuaranteesTest.Subject;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every acknowledged change of every document kind survives a full-cluster stop and start on the
 * same store, and revisions keep growing across it (the endpoints and {@link NoteKind}; on SQLite, and on
 * PostgreSQL when INFERGATE_TEST_POSTGRES_URL names a server, as in CI).
 */
class DocumentDurabilityTest {

  private static final String RUN = Long.toHexString(System.nanoTime());

  @TempDir
  Path conf;

  static Stream<Arguments> kindsAndStores() {
    return DocumentGuaranteesTest.kinds().flatMap(kind -> Stream.of(Arguments.of(kind, "sqlite"),
        Arguments.of(kind, "postgresql")));
  }

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

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("kindsAndStores")
  <D> void everyAcknowledgedChangeSurvivesAFullClusterRestart(Subject<D> subject, String storeType) {
    DocumentKind<D> kind = subject.kind();
    JsonObject store = store(storeType);
    // A PostgreSQL database outlives the test: ids of its own keep runs apart.
    String kept = "kept-" + RUN;
    String deleted = "deleted-" + RUN;
    String replaced = "replaced-" + RUN;
    long deletedAt;
    long replacedAt;
    try (TestCluster first = start(store)) {
      DocumentRegistry<D> a = first.node(0).registries().of(kind);
      DocumentRegistry<D> b = first.node(1).registries().of(kind);
      for (String id : List.of(kept, deleted, replaced)) {
        assertThat(TestCluster.await(a.create(id, subject.sample().apply(id), TESTER, TIMEOUT_MS)).applied()).isTrue();
      }
      deletedAt = TestCluster.await(b.delete(deleted, DeleteGuard.mustExist("document"), TESTER, TIMEOUT_MS))
          .written().revision();
      StoredDocument before = TestCluster.await(a.read(replaced)).orElseThrow();
      replacedAt = TestCluster.await(b.replace(before, before.body().copy(), TESTER, TIMEOUT_MS)).written().revision();
    }

    try (TestCluster second = start(store)) {
      for (int node = 0; node < 2; node++) {
        ReadView<D> view = second.node(node).registries().of(kind).view();
        assertThat(view.get(kept)).as("node %d", node).isPresent();
        assertThat(view.get(deleted)).as("node %d", node).isEmpty();
        assertThat(view.stored(replaced).orElseThrow().revision()).isEqualTo(replacedAt);
      }
      Write recreated = TestCluster.await(second.node(1).registries().of(kind)
          .create(deleted, subject.sample().apply(deleted), TESTER, TIMEOUT_MS));
      assertThat(recreated.written().revision()).isGreaterThan(Math.max(deletedAt, replacedAt));
    }
  }
}

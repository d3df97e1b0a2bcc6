package io.infergate.registry;

import static io.infergate.registry.DocumentGuaranteesTest.TESTER;
import static io.infergate.registry.DocumentGuaranteesTest.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import io.infergate.testing.Conditions;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each write's backup holds exactly what its owner wrote: with the memory store, where nothing can
 * be reloaded from a database, the crash of a member loses no create, replace or delete.
 */
class BackupTest {

  @TempDir
  Path conf;

  @Test
  void aCrashedOwnersWritesAreAllOnItsBackups() {
    JsonObject memory = new JsonObject().put("type", "memory");
    try (TestCluster cluster = TestCluster.create(3, conf, 1, memory).documentKinds(List.of(NoteKind.INSTANCE))) {
      for (int node = 0; node < 3; node++) {
        cluster.startNode(node);
      }
      cluster.awaitBackups();
      DocumentRegistry<NoteKind.Note> notes = cluster.node(1).registries().of(NoteKind.INSTANCE);
      Map<String, String> expected = new HashMap<>();
      for (int i = 0; i < 40; i++) {
        String id = "backed-" + i;
        Write created = TestCluster.await(notes.create(id, new NoteKind.Note(id, "first", "s"), TESTER, TIMEOUT_MS));
        expected.put(id, created.written().encoded());
        if (i % 3 == 1) {
          StoredDocument read = TestCluster.await(notes.read(id)).orElseThrow();
          Write replaced = TestCluster.await(notes.replace(read, read.body().copy().put("text", "second"), TESTER,
              TIMEOUT_MS));
          expected.put(id, replaced.written().encoded());
        } else if (i % 3 == 2) {
          Write deleted = TestCluster.await(notes.delete(id, DeleteGuard.mustExist("note"), TESTER, TIMEOUT_MS));
          expected.put(id, deleted.written().encoded());
        }
      }
      cluster.awaitBackups();

      cluster.hazelcast(0).getLifecycleService().terminate();
      Conditions.await(Duration.ofSeconds(60), "the survivors to see the crash",
          () -> cluster.hazelcast(1).getCluster().getMembers().size() == 2);

      IMap<String, String> map = cluster.hazelcast(2).getMap(NoteKind.INSTANCE.mapName());
      expected.forEach((id, encoded) -> assertThat(map.get(id)).as(id).isEqualTo(encoded));
    }
  }
}

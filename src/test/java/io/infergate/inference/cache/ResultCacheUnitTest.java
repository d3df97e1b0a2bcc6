package io.infergate.inference.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache's keys and bounds, on a fake clock and a same-thread executor: deterministic, no sleeps. */
class ResultCacheUnitTest {

  private final AtomicLong nanos = new AtomicLong();
  private final List<String> heard = new ArrayList<>();
  private final CacheListener listener = new CacheListener() {
    @Override
    public void onHit(String inferenceId) {
      heard.add("hit " + inferenceId);
    }

    @Override
    public void onMiss(String inferenceId) {
      heard.add("miss " + inferenceId);
    }
  };

  @Test
  void theSameRequestAtTheSameRevisionHasTheSameKey() {
    CurrentEndpoint endpoint = cached("e", 7, new JsonObject().put("user", "alice"));

    CacheKey first = CacheKey.of(endpoint, embed("e", List.of("a", "b"), null));
    CacheKey second = CacheKey.of(endpoint, embed("e", new ArrayList<>(List.of("a", "b")), new JsonObject()));

    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
  }

  @Test
  void anythingTheResultDependsOnChangesTheKey() {
    CurrentEndpoint endpoint = cached("e", 7, new JsonObject());
    CacheKey key = CacheKey.of(endpoint, embed("e", List.of("a"), null));

    assertThat(CacheKey.of(cached("e", 8, new JsonObject()), embed("e", List.of("a"), null))).isNotEqualTo(key);
    assertThat(CacheKey.of(endpoint, embed("e", List.of("b"), null))).isNotEqualTo(key);
    assertThat(CacheKey.of(endpoint, embed("e", List.of("a", "a"), null))).isNotEqualTo(key);
    assertThat(CacheKey.of(endpoint, embed("e", List.of("a"), new JsonObject().put("user", "bob")))).isNotEqualTo(key);
    assertThat(CacheKey.of(endpoint, new PerformRequest("e", TaskType.TEXT_EMBEDDING, List.of("a"), null, "search",
        null, null, null, null, 1000))).isNotEqualTo(key);
    assertThat(CacheKey.of(cached("other", 7, new JsonObject()), embed("other", List.of("a"), null))).isNotEqualTo(key);
  }

  @Test
  void rerankKeysHoldTheQueryTopNAndReturnDocuments() {
    CurrentEndpoint endpoint = new CurrentEndpoint(definition("r", "rerank", enabled(), new JsonObject()), 3);
    CacheKey key = CacheKey.of(endpoint, rerank("q", 2, true));

    assertThat(CacheKey.of(endpoint, rerank("q", 2, true))).isEqualTo(key);
    assertThat(CacheKey.of(endpoint, rerank("other", 2, true))).isNotEqualTo(key);
    assertThat(CacheKey.of(endpoint, rerank("q", 3, true))).isNotEqualTo(key);
    assertThat(CacheKey.of(endpoint, rerank("q", 2, false))).isNotEqualTo(key);
  }

  @Test
  void theKeyHoldsTheEffectiveTaskSettingsWithoutTheTimeout() {
    CurrentEndpoint endpoint = cached("e", 7, new JsonObject().put("user", "alice").put("timeout", "5s"));

    CacheKey fromEndpoint = CacheKey.of(endpoint, embed("e", List.of("a"), null));
    CacheKey sameUserGiven = CacheKey.of(endpoint, embed("e", List.of("a"),
        new JsonObject().put("user", "alice").put("timeout", "30s")));

    assertThat(sameUserGiven).isEqualTo(fromEndpoint);
    assertThat(fromEndpoint.taskSettings()).isEqualTo(new JsonObject().put("user", "alice"));
  }

  @Test
  void theKeyDoesNotChangeWhenTheRequestsSettingsDoAfterwards() {
    JsonObject requestSettings = new JsonObject().put("user", "alice");
    CacheKey key = CacheKey.of(cached("e", 1, new JsonObject()), embed("e", List.of("a"), requestSettings));
    int hash = key.hashCode();

    requestSettings.put("user", "mallory");

    assertThat(key.hashCode()).isEqualTo(hash);
    assertThat(key.taskSettings().getString("user")).isEqualTo("alice");
  }

  @Test
  void onlyEnabledEndpointsOfCacheableTaskTypesGetAKey() {
    ResultCache cache = cache(10, Duration.ofHours(1));
    PerformRequest request = embed("e", List.of("a"), null);

    assertThat(cache.keyFor(cached("e", 1, new JsonObject()), request)).isNotNull();
    assertThat(cache.keyFor(new CurrentEndpoint(definition("e", "text_embedding", new JsonObject(), null), 1), request))
        .isNull();
    assertThat(cache.keyFor(new CurrentEndpoint(definition("e", "text_embedding",
        new JsonObject().put("cache", new JsonObject().put("enabled", false)), null), 1), request)).isNull();
    assertThat(cache.keyFor(new CurrentEndpoint(definition("e", "completion", enabled(), null), 1),
        new PerformRequest("e", TaskType.COMPLETION, List.of("a"), null, null, null, null, null, null, 1000))).isNull();
  }

  @Test
  void hitsAndMissesAreHeardPerEndpoint() {
    ResultCache cache = cache(10, Duration.ofHours(1));
    CacheKey key = CacheKey.of(cached("e", 1, new JsonObject()), embed("e", List.of("a"), null));

    InferenceResult result = result(1f);
    assertThat(cache.get(key)).isNull();
    cache.put(key, result);
    assertThat(cache.get(key)).isSameAs(result);

    assertThat(heard).containsExactly("miss e", "hit e");
  }

  @Test
  void entriesExpireAfterTheTtl() {
    ResultCache cache = cache(10, Duration.ofMinutes(10));
    CacheKey key = CacheKey.of(cached("e", 1, new JsonObject()), embed("e", List.of("a"), null));
    cache.put(key, result(1f));

    nanos.addAndGet(Duration.ofMinutes(10).minusNanos(1).toNanos());
    assertThat(cache.get(key)).isNotNull();
    nanos.addAndGet(1);
    assertThat(cache.get(key)).isNull();
  }

  @Test
  void theCacheKeepsAtMostMaxEntries() {
    ResultCache cache = cache(3, Duration.ofHours(1));
    for (int i = 0; i < 10; i++) {
      cache.put(CacheKey.of(cached("e", 1, new JsonObject()), embed("e", List.of("text " + i), null)), result(i));
    }

    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void aChangedEndpointsEntriesAreDroppedAndNoOthers() {
    ResultCache cache = cache(100, Duration.ofHours(1));
    CacheKey changed = CacheKey.of(cached("changed", 1, new JsonObject()), embed("changed", List.of("a"), null));
    CacheKey kept = CacheKey.of(cached("kept", 1, new JsonObject()), embed("kept", List.of("a"), null));
    cache.put(changed, result(1f));
    cache.put(kept, result(2f));

    cache.evict("changed");

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(kept)).isNotNull();
  }

  @Test
  void settingsDefaultToTenThousandEntriesForAnHour() {
    assertThat(CacheSettings.defaults()).isEqualTo(new CacheSettings(10_000, Duration.ofHours(1)));
    assertThat(CacheSettings.fromJson(new JsonObject().put("max_entries", 5).put("ttl", "90s")))
        .isEqualTo(new CacheSettings(5, Duration.ofSeconds(90)));
  }

  private ResultCache cache(long maxEntries, Duration ttl) {
    return new ResultCache(new CacheSettings(maxEntries, ttl), listener, nanos::get, Runnable::run);
  }

  private static InferenceResult result(float value) {
    return new InferenceResult.TextEmbeddings(List.of(new float[] {value}));
  }

  private static CurrentEndpoint cached(String id, long revision, JsonObject taskSettings) {
    return new CurrentEndpoint(definition(id, "text_embedding", enabled(), taskSettings), revision);
  }

  private static JsonObject enabled() {
    return new JsonObject().put("cache", new JsonObject().put("enabled", true));
  }

  private static EndpointDefinition definition(String id, String taskType, JsonObject serviceSettings,
      JsonObject taskSettings) {
    return new EndpointDefinition(id, taskType, "openai", serviceSettings, new JsonObject(), taskSettings, null);
  }

  private static PerformRequest embed(String id, List<String> input, JsonObject taskSettings) {
    return new PerformRequest(id, TaskType.TEXT_EMBEDDING, input, null, null, taskSettings, null, null, null, 1000);
  }

  private static PerformRequest rerank(String query, Integer topN, Boolean returnDocuments) {
    return new PerformRequest("r", TaskType.RERANK, List.of("x", "y"), query, null, null, returnDocuments, topN, null,
        1000);
  }
}

package io.infergate.inference.perform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What a perform request returns, rendered in Elasticsearch's response shape by {@link #toJson()}. */
public sealed interface InferenceResult {

  JsonObject toJson();

  /** The compact JSON text of {@link #toJson()}, as the response body. */
  default Buffer encoded() {
    return toJson().toBuffer();
  }

  /** How many results it holds (one per input; for rerank one per ranked document). */
  int size();

  /**
   * {@code {"text_embedding":[{"embedding":[...]}]}}; {@code field} is {@code text_embedding_bytes}
   * or {@code text_embedding_bits} for byte and bit embeddings, as Elasticsearch names them.
   */
  record TextEmbeddings(String field, List<float[]> embeddings) implements InferenceResult {

    public static final String FLOAT = "text_embedding";

    public TextEmbeddings(List<float[]> embeddings) {
      this(FLOAT, embeddings);
    }

    @Override
    public JsonObject toJson() {
      JsonArray results = new JsonArray(new ArrayList<>(embeddings.size()));
      for (float[] embedding : embeddings) {
        List<Object> values = new ArrayList<>(embedding.length);
        boolean bytes = !field.equals(FLOAT);
        for (float value : embedding) {
          values.add(bytes ? (Object) (int) value : (Object) value);
        }
        results.add(new JsonObject().put("embedding", new JsonArray(values)));
      }
      return new JsonObject().put(field, results);
    }

    @Override
    public int size() {
      return embeddings.size();
    }

    /** The first embedding's length (0 when there is none). */
    public int dimensions() {
      return embeddings.isEmpty() ? 0 : embeddings.get(0).length;
    }
  }

  /**
   * Float embeddings as the provider wrote them: each a JSON array of numbers, checked to be
   * nothing else, passed on without converting a number to binary and back (which was the largest
   * cost of a gateway call). Same JSON as {@link TextEmbeddings}, digits as the provider gave them.
   */
  record VerbatimTextEmbeddings(List<String> arrays) implements InferenceResult {

    @Override
    public Buffer encoded() {
      Buffer out = Buffer.buffer(32 + arrays.stream().mapToInt(String::length).sum() + 16 * arrays.size());
      out.appendString("{\"" + TextEmbeddings.FLOAT + "\":[");
      for (int i = 0; i < arrays.size(); i++) {
        out.appendString(i == 0 ? "{\"embedding\":" : ",{\"embedding\":").appendString(arrays.get(i)).appendString("}");
      }
      return out.appendString("]}");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject(encoded());
    }

    @Override
    public int size() {
      return arrays.size();
    }

    /** The embeddings as numbers (parsed here, for callers other than the response). */
    public List<float[]> embeddings() {
      List<float[]> embeddings = new ArrayList<>(arrays.size());
      for (String array : arrays) {
        JsonArray values = new JsonArray(array);
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = values.getNumber(i).floatValue();
        }
        embeddings.add(vector);
      }
      return embeddings;
    }
  }

  /** {@code {"sparse_embedding":[{"is_truncated":false,"embedding":{"token":weight}}]}}. */
  record SparseEmbeddings(List<SparseEmbedding> embeddings) implements InferenceResult {

    public record SparseEmbedding(Map<String, Float> weights, boolean truncated) {
    }

    @Override
    public JsonObject toJson() {
      JsonArray results = new JsonArray();
      for (SparseEmbedding embedding : embeddings) {
        JsonObject weights = new JsonObject();
        embedding.weights().forEach(weights::put);
        results.add(new JsonObject().put("is_truncated", embedding.truncated()).put("embedding", weights));
      }
      return new JsonObject().put("sparse_embedding", results);
    }

    @Override
    public int size() {
      return embeddings.size();
    }
  }

  /**
   * {@code {"rerank":[{"index":2,"relevance_score":0.0116,"text":"..."}]}}: sorted by score,
   * highest first; {@code text} only when the documents are returned.
   */
  record Ranking(List<RankedDocument> ranked) implements InferenceResult {

    public record RankedDocument(int index, float relevanceScore, String text) {
    }

    /** Sorts by score (highest first, ties by index), keeps {@code topN} and drops texts unless asked for. */
    public static Ranking of(List<RankedDocument> ranked, Integer topN, boolean returnDocuments) {
      List<RankedDocument> sorted = new ArrayList<>(ranked);
      sorted.sort(Comparator.comparingDouble((RankedDocument doc) -> -doc.relevanceScore())
          .thenComparingInt(RankedDocument::index));
      List<RankedDocument> kept = topN == null || topN >= sorted.size() ? sorted : sorted.subList(0, topN);
      return new Ranking(kept.stream()
          .map(doc -> returnDocuments ? doc : new RankedDocument(doc.index(), doc.relevanceScore(), null))
          .toList());
    }

    @Override
    public JsonObject toJson() {
      JsonArray results = new JsonArray();
      for (RankedDocument doc : ranked) {
        JsonObject json = new JsonObject().put("index", doc.index()).put("relevance_score", doc.relevanceScore());
        if (doc.text() != null) {
          json.put("text", doc.text());
        }
        results.add(json);
      }
      return new JsonObject().put("rerank", results);
    }

    @Override
    public int size() {
      return ranked.size();
    }
  }

  /** {@code {"completion":[{"result":"..."}]}}. */
  record Completions(List<String> results) implements InferenceResult {

    @Override
    public JsonObject toJson() {
      JsonArray array = new JsonArray();
      results.forEach(result -> array.add(new JsonObject().put("result", result)));
      return new JsonObject().put("completion", array);
    }

    @Override
    public int size() {
      return results.size();
    }
  }
}

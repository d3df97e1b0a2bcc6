package io.infergate.examples.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The mock's "models": every answer is a pure function of the text, so the same text always gets
 * the same embedding, weights, score and reply, in every run and on every machine.
 */
public final class MockModels {

  private MockModels() {
  }

  /** A unit vector of {@code dimensions} values seeded by the text (and the dimensions). */
  public static float[] embedding(String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed(text) ^ dimensions);
    double[] values = new double[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      values[i] = random.nextDouble(-1, 1);
      norm += values[i] * values[i];
    }
    norm = Math.sqrt(norm);
    float[] unit = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      unit[i] = (float) (values[i] / norm);
    }
    return unit;
  }

  /** The embedding quantized to signed bytes, as Cohere's {@code int8}. */
  public static int[] int8(float[] embedding) {
    int[] bytes = new int[embedding.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = Math.max(-128, Math.min(127, Math.round(embedding[i] * 127)));
    }
    return bytes;
  }

  /** The embedding's signs packed eight to a signed byte, as Cohere's {@code binary}. */
  public static int[] binary(float[] embedding) {
    int[] packed = new int[(embedding.length + 7) / 8];
    for (int i = 0; i < embedding.length; i++) {
      if (embedding[i] > 0) {
        packed[i / 8] |= 1 << (7 - i % 8);
      }
    }
    for (int i = 0; i < packed.length; i++) {
      packed[i] = (byte) packed[i];
    }
    return packed;
  }

  /** A weight per distinct lowercase word, as a learned sparse model (ELSER-like) answers. */
  public static Map<String, Float> sparse(String text) {
    Map<String, Float> weights = new LinkedHashMap<>();
    for (String word : words(text)) {
      weights.put(word, 0.1f + Math.floorMod(seed(word), 2000) / 1000f);
    }
    return weights;
  }

  /** The share of the query's words the document holds, with a small text-seeded tie breaker, in [0, 1). */
  public static float relevance(String query, String document) {
    List<String> queryWords = words(query);
    List<String> documentWords = words(document);
    long shared = queryWords.stream().filter(documentWords::contains).count();
    float overlap = queryWords.isEmpty() ? 0 : (float) shared / queryWords.size();
    return overlap * 0.9f + Math.floorMod(seed(document), 1000) / 10_000f;
  }

  /** The documents' indexes, most relevant to the query first. */
  public static List<Integer> ranking(String query, List<String> documents) {
    return IntStream.range(0, documents.size()).boxed()
        .sorted(Comparator.comparingDouble(i -> -relevance(query, documents.get(i))))
        .collect(Collectors.toList());
  }

  /** The mock's completion of a prompt. */
  public static String reply(String prompt) {
    return "Mock reply to: " + prompt;
  }

  private static List<String> words(String text) {
    return List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).stream()
        .filter(word -> !word.isEmpty()).distinct().collect(Collectors.toList());
  }

  private static long seed(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = seed << 8 | (digest[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

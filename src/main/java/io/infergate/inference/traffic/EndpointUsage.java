package io.infergate.inference.traffic;

import io.infergate.inference.perform.CallObserver;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one endpoint's perform requests did on this node since the endpoint was created (or this
 * node started): requests and their answers, provider failures, retries, refusals of the queue,
 * cache hits, tokens the provider reported, and the latency of every answer as a histogram. Written
 * from any event loop without a lock.
 */
public final class EndpointUsage implements CallObserver {

  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private final LongAdder requests = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder providerRequests = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder timedOutInQueue = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> providerFailures = new ConcurrentHashMap<>();
  private final ConcurrentHistogram latency = new ConcurrentHistogram(1, MAX_MICROS, 2);

  public void received() {
    requests.increment();
  }

  /** A request was answered with {@code status} after {@code nanos}. */
  public void answered(int status, long nanos) {
    count(responses, Integer.toString(status));
    latency.recordValue(Math.max(1, Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos))));
  }

  public void cacheHit() {
    cacheHits.increment();
  }

  public void cacheMiss() {
    cacheMisses.increment();
  }

  void rejected() {
    rejected.increment();
  }

  public void timedOutInQueue() {
    timedOutInQueue.increment();
  }

  @Override
  public void providerFailed(String cause) {
    count(providerFailures, cause);
  }

  @Override
  public void providerRequest() {
    providerRequests.increment();
  }

  @Override
  public void retrying() {
    retries.increment();
  }

  @Override
  public void tokensUsed(long count) {
    tokens.add(count);
  }

  double requests() {
    return requests.sum();
  }

  double providerRequests() {
    return providerRequests.sum();
  }

  double providerErrors() {
    return providerFailures.values().stream().mapToLong(LongAdder::sum).sum();
  }

  double retries() {
    return retries.sum();
  }

  double rejections() {
    return rejected.sum();
  }

  double queueTimeouts() {
    return timedOutInQueue.sum();
  }

  private static void count(Map<String, LongAdder> counts, String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /**
   * The counters as JSON, and the latency histogram encoded (base64 of HdrHistogram's compressed
   * form) under {@code latency_histogram} so that nodes' histograms can be added exactly.
   */
  JsonObject snapshot() {
    Histogram copy = latency.copy();
    ByteBuffer buffer = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
    int length = copy.encodeIntoCompressedByteBuffer(buffer);
    return new JsonObject()
        .put("requests", requests.sum())
        .put("responses", counts(responses))
        .put("provider_errors", counts(providerFailures))
        .put("retries", retries.sum())
        .put("rejected", rejected.sum())
        .put("timed_out_in_queue", timedOutInQueue.sum())
        .put("cache", new JsonObject().put("hits", cacheHits.sum()).put("misses", cacheMisses.sum()))
        .put("tokens", tokens.sum())
        .put("latency_histogram", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
  }

  private static JsonObject counts(Map<String, LongAdder> counts) {
    JsonObject json = new JsonObject();
    new TreeMap<>(counts).forEach((key, count) -> json.put(key, count.sum()));
    return json;
  }
}

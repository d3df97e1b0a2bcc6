package io.infergate.inference.providers;

import io.infergate.bus.EsException;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.ProviderFailures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The one HTTP client of a Vert.x instance for every provider: a keep-alive pool per host, TLS to
 * {@code https} URLs verified against the JVM's trust store. Each request honours its {@link Call}
 * (the deadline is the remaining time; a cancel resets the request), is retried as
 * {@link RetryPolicy} says (see {@link ProviderRetries}) and fails only with the Elasticsearch errors
 * of {@link ProviderFailures}. Neither a header nor a body is ever logged.
 */
public final class ProviderHttp {

  private final Vertx vertx;
  private final ProviderSettings settings;
  private final HttpClientAgent client;
  private final ProviderRetries retries;

  private ProviderHttp(Vertx vertx, ProviderSettings settings, HttpClientAgent client) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = client;
    this.retries = new ProviderRetries(vertx, settings.retry());
  }

  public static ProviderHttp create(Vertx vertx, ProviderSettings settings) {
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setConnectTimeout(settings.connectTimeoutMs())
        .setVerifyHost(true)
        .setForceSni(true);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerHost());
    return new ProviderHttp(vertx, settings, vertx.createHttpClient(options, pool));
  }

  /** POSTs {@code body} as JSON and reads the 2xx answer with {@code reader}. */
  public <T> Future<T> postJson(ProviderTarget target, JsonObject body, Call call, Function<Object, T> reader) {
    return exchange(target, body, call, "application/json",
        (response, inFlight) -> response.body().map(buffer -> read(reader, buffer, call)));
  }

  /** POSTs {@code body} as JSON and reads the 2xx answer's bytes with {@code reader}. */
  public <T> Future<T> postForBody(ProviderTarget target, JsonObject body, Call call, Function<Buffer, T> reader) {
    return exchange(target, body, call, "application/json",
        (response, inFlight) -> response.body().map(buffer -> readBody(reader, buffer)));
  }

  private static <T> T read(Function<Object, T> reader, Buffer body, Call call) {
    return readBody(buffer -> {
      Object json = ResponseJson.parse(buffer);
      ReportedTokens.of(json).ifPresent(call.observer()::tokensUsed);
      return reader.apply(json);
    }, body);
  }

  private static <T> T readBody(Function<Buffer, T> reader, Buffer body) {
    try {
      return reader.apply(body);
    } catch (UnreadableResponse | EsException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UnreadableResponse("unexpected response shape");
    }
  }

  /**
   * POSTs {@code body} as JSON and hands each server-sent event's data to {@code events}, in order, on
   * the caller's context. Completes when the stream ends or sends {@code [DONE]}.
   */
  public Future<Void> postForEvents(ProviderTarget target, JsonObject body, Call call, Handler<String> events) {
    return exchange(target, body, call, "text/event-stream", (response, inFlight) -> {
      Promise<Void> ended = Promise.promise();
      SseDecoder decoder = new SseDecoder(event -> {
        try {
          events.handle(event);
        } catch (RuntimeException e) {
          // an unreadable chunk ends the stream: nothing after it could be trusted to be in order
          ended.tryFail(e);
          inFlight.abort(e);
        }
      });
      response.handler(chunk -> {
        decoder.handle(chunk);
        if (decoder.done()) {
          ended.tryComplete();
        }
      });
      response.exceptionHandler(ended::tryFail);
      response.endHandler(v -> {
        decoder.end();
        ended.tryComplete();
      });
      return ended.future();
    });
  }

  public Future<Void> close() {
    return client.close();
  }

  private interface OnSuccess<T> {
    Future<T> read(HttpClientResponse response, InFlightRequest inFlight);
  }

  /**
   * Sends the request, again after a failure {@link RetryPolicy} retries, until it succeeds, fails
   * for good or the call ends. An attempt is retried only while the provider has not begun a 2xx
   * answer: a stream is never sent twice once a chunk may have reached the client.
   */
  private <T> Future<T> exchange(ProviderTarget target, JsonObject body, Call call, String accept,
      OnSuccess<T> onSuccess) {
    if (Vertx.currentContext() == null) {
      // Off Vert.x (a test, a tool): run the exchange on one context, as a router's call runs on its
      // event loop. Started from a plain thread, a response's body was sometimes never completed.
      Promise<T> onContext = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> exchange(target, body, call, accept, onSuccess).onComplete(onContext));
      return onContext.future();
    }
    return retries.run(target, call, () -> call.admit().compose(admitted -> attempt(target, body, call, accept, onSuccess)));
  }

  /** One request; fails with an {@code EsException}, or a {@link RetryableFailure} when another attempt may do better. */
  private <T> Future<T> attempt(ProviderTarget target, JsonObject body, Call call, String accept,
      OnSuccess<T> onSuccess) {
    if (call.isCancelled()) {
      return Future.failedFuture(TransportFailures.of(target, new TransportFailures.CallCancelled()));
    }
    Context context = vertx.getOrCreateContext();
    Promise<T> result = Promise.promise();
    InFlightRequest inFlight = new InFlightRequest();
    RequestOptions options;
    try {
      options = requestOptions(target, accept);
    } catch (RuntimeException e) {
      return Future.failedFuture(ProviderFailures.unreachable(target.url()));
    }
    Handler<Throwable> abort = reason -> {
      if (inFlight.abort(reason)) {
        context.runOnContext(v -> result.tryFail(TransportFailures.of(target, reason)));
      }
    };
    long deadline = vertx.setTimer(call.remainingMs(), id -> abort.handle(new TransportFailures.DeadlinePassed()));
    call.onCancel(() -> abort.handle(new TransportFailures.CallCancelled()));
    AtomicBoolean answered = new AtomicBoolean();

    client.request(options)
        .compose(request -> {
          inFlight.started(request);
          call.observer().providerRequest();
          return request.send(body.toBuffer());
        })
        .compose(response -> {
          answered.set(true);
          if (response.statusCode() / 100 != 2) {
            return response.body().compose(errorBody -> Future.failedFuture(statusFailure(target, call, response, errorBody)));
          }
          return onSuccess.read(response, inFlight);
        })
        .onComplete(done -> {
          vertx.cancelTimer(deadline);
          inFlight.finish();
          if (done.succeeded()) {
            result.tryComplete(done.result());
          } else if (inFlight.abortedBy() != null) {
            result.tryFail(TransportFailures.of(target, inFlight.abortedBy()));
          } else {
            Throwable failure = failure(target, done.cause(), answered.get());
            if (!answered.get()) {
              call.observer().providerFailed("connection");
            }
            result.tryFail(failure);
          }
        });
    return result.future();
  }

  private static Throwable statusFailure(ProviderTarget target, Call call, HttpClientResponse response,
      Buffer errorBody) {
    call.observer().providerFailed(Integer.toString(response.statusCode()));
    EsException error = ProviderFailures.forStatus(target.inferenceId(), target.url(), response.statusCode(),
        ProviderErrorBody.message(errorBody), target.secrets());
    return RetryPolicy.retriesStatus(response.statusCode())
        ? new RetryableFailure(error, RetryAfter.millis(response.getHeader("Retry-After"), Clock.systemUTC()))
        : error;
  }

  private static Throwable failure(ProviderTarget target, Throwable cause, boolean answered) {
    if (cause instanceof RetryableFailure) {
      return cause;
    }
    EsException error = TransportFailures.of(target, cause);
    return !answered && TransportFailures.isConnectionFailure(cause)
        ? new RetryableFailure(error, RetryAfter.NONE) : error;
  }

  /** The request to {@code target}: TLS when its URL is https, on the default port of its scheme. */
  RequestOptions requestOptions(ProviderTarget target, String accept) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(target.url())
        .setIdleTimeout(settings.readTimeoutMs())
        .setFollowRedirects(false)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", accept);
    target.headers().forEach(options::putHeader);
    return options;
  }
}

package io.infergate.testing;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a server-sent event stream on a thread of its own, recording every event and comment. */
public final class SseClient implements AutoCloseable {

  /** One event as sent: its id, event name and data. */
  public record Event(String id, String name, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final HttpResponse<InputStream> response;
  private final Thread reader;
  /** How the stream ended: null while open, "end" for its last chunk, else the read failure. */
  private volatile String ending;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    if (response.statusCode() == 200) {
      reader.start();
    }
  }

  public static SseClient open(int port, String pathAndQuery, String user, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("Accept", "text/event-stream")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return new SseClient(CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The body of a non-200 response. */
  public String errorBody() {
    try (InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public List<String> comments() {
    return List.copyOf(comments);
  }

  public void awaitComment(String prefix) {
    Conditions.await(Duration.ofSeconds(30), "comment " + prefix,
        () -> comments.stream().anyMatch(comment -> comment.startsWith(prefix)));
  }

  public List<Event> awaitEvents(int count) {
    Conditions.await(Duration.ofSeconds(30), count + " events", () -> events.size() >= count);
    return events();
  }

  /**
   * Waits for the stream to end and returns how: {@code "end"} when the server ended the response
   * (its last chunk), or the failure a reset or a cut connection gave.
   */
  public String awaitEnd(Duration timeout) {
    Conditions.await(timeout, "the event stream to end", () -> ending != null);
    return ending;
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      List<String> data = new ArrayList<>();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(id, name, String.join("\n", data)));
          }
          id = null;
          name = null;
          data.clear();
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).trim());
        }
      }
      ending = "end";
    } catch (IOException closed) {
      ending = String.valueOf(closed);
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}

package io.infergate.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

/** An HTTP (or, with {@link #https}, HTTPS) client for one node, sending raw paths as written (no normalisation). */
public final class HttpApi {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final int port;
  private final String scheme;
  private final HttpClient client;
  private final SocketFactory sockets;
  private String user = TestUsers.ELASTIC;
  private String password = TestUsers.PASSWORD;
  private String apiKey;

  public HttpApi(int port) {
    this(port, "http", CLIENT, SocketFactory.getDefault());
  }

  private HttpApi(int port, String scheme, HttpClient client, SocketFactory sockets) {
    this.port = port;
    this.scheme = scheme;
    this.client = client;
    this.sockets = sockets;
  }

  /** A client of a node serving HTTPS, trusting (and presenting) what {@code tls} holds. */
  public static HttpApi https(int port, SSLContext tls) {
    return new HttpApi(port, "https",
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(tls).build(),
        tls.getSocketFactory());
  }

  private HttpApi copy() {
    return new HttpApi(port, scheme, client, sockets);
  }

  public int port() {
    return port;
  }

  public HttpApi as(String user) {
    HttpApi api = copy();
    api.user = user;
    api.password = TestUsers.PASSWORD;
    return api;
  }

  public HttpApi as(String user, String password) {
    HttpApi api = copy();
    api.user = user;
    api.password = password;
    return api;
  }

  /** Requests authenticated with {@code Authorization: ApiKey <encoded>} instead of Basic. */
  public HttpApi withApiKey(String encoded) {
    HttpApi api = copy();
    api.user = null;
    api.apiKey = encoded;
    return api;
  }

  public HttpApi anonymous() {
    HttpApi api = copy();
    api.user = null;
    return api;
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null);
  }

  public Response put(String path, JsonObject body) {
    return send("PUT", path, body.encode(), "application/json");
  }

  public Response post(String path, JsonObject body) {
    return send("POST", path, body.encode(), "application/json");
  }

  public Response sendWithHeader(String method, String path, String header, String value) {
    return send(method, path, null, null, header, value);
  }

  public Response send(String method, String path, String body, String contentType) {
    return send(method, path, body, contentType, null, null);
  }

  private Response send(String method, String path, String body, String contentType, String header, String value) {
    return exchange(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), contentType, header, value);
  }

  /** A body of exactly these bytes (which need not be valid UTF-8). */
  public Response sendBytes(String method, String path, byte[] body, String contentType) {
    return exchange(method, path, HttpRequest.BodyPublishers.ofByteArray(body), contentType, null, null);
  }

  private Response exchange(String method, String path, HttpRequest.BodyPublisher body, String contentType, String header,
      String value) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (header != null) {
      request.header(header, value);
    }
    if (apiKey != null) {
      request.header("Authorization", "ApiKey " + apiKey);
    }
    if (user != null) {
      String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + token);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a GET with the request line exactly as given, over a plain socket: for paths that
   * {@link java.net.URI} refuses to build. Returns the status code and the body.
   */
  public Response rawGet(String rawPath) {
    return raw("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basicAuthorization()
        + "\r\nConnection: close\r\n\r\n");
  }

  /** The {@code Authorization} header value of this client's user. */
  public String basicAuthorization() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code request} byte for byte over a socket (TLS for {@link #https}) and reads until the server closes. */
  public Response raw(String request) {
    try (java.net.Socket socket = sockets.createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      return new Response(status, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response: status, raw body and headers, with helpers for the Elasticsearch error envelope. */
  public record Response(int status, String body, java.net.http.HttpHeaders headers) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String errorType() {
      return json().getJsonObject("error").getString("type");
    }

    public String errorReason() {
      return json().getJsonObject("error").getString("reason");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}

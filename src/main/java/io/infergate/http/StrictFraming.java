package io.infergate.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets {@link RequestPrecheck} see a request with both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked}, the classic request-smuggling framing (RFC 9112 section 6.3:
 * handle it as an error and close), which it refuses with 400 and a closed connection. Netty's
 * decoder silently drops the Content-Length instead; each new HTTP/1 connection gets a decoder that
 * keeps it (the body is still framed as chunked, and nothing after it is read once refused).
 * Vert.x has no option for this: the hook reaches its internal connection and decoder types
 * (pinned by the BOM; {@code BadInputTest} and {@code HostileInputSuiteTest} fail if they move).
 */
final class StrictFraming {

  private static final String DECODER = "httpDecoder";

  private StrictFraming() {
  }

  /** Called from the connection handler, on the connection's event loop, before any request is decoded. */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    ChannelHandler decoder = pipeline.get(DECODER);
    if (decoder instanceof VertxHttpRequestDecoder && !(decoder instanceof Decoder)) {
      pipeline.replace(DECODER, DECODER, new Decoder(options));
    }
  }

  private static final class Decoder extends VertxHttpRequestDecoder {

    Decoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      // Keeps both headers for RequestPrecheck to refuse.
    }
  }
}

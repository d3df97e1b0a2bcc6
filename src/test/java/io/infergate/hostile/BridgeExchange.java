package io.infergate.hostile;

import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One hostile bridge frame over a fresh connection, followed by a ping: what came back first is
 * the outcome (an {@code err} frame, a pong, a delivered message, or the connection closed).
 */
final class BridgeExchange {

  /** {@code kind}: err, pong, message, closed or hung; {@code detail}: the err's message, if any. */
  record Outcome(String kind, String detail) {
  }

  private static final byte[] PING = HostileBridgeCases.frame("{\"type\":\"ping\"}");
  private static final int READ_TIMEOUT_MS = 15_000;

  private BridgeExchange() {
  }

  static Outcome send(int port, byte[] frame) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      try {
        socket.getOutputStream().write(frame);
        socket.getOutputStream().write(PING);
        socket.getOutputStream().flush();
      } catch (IOException closedWhileWriting) {
        // Refused from its length: read what the node said before it closed.
      }
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int length = in.readInt();
      if (length < 0 || length > 1 << 20) {
        return new Outcome("garbage", "length " + length);
      }
      byte[] payload = in.readNBytes(length);
      JsonObject reply = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      return new Outcome(reply.getString("type"), reply.getString("message"));
    } catch (SocketTimeoutException e) {
      return new Outcome("hung", null);
    } catch (EOFException | java.net.SocketException e) {
      return new Outcome("closed", null);
    } catch (IOException e) {
      return new Outcome("closed", e.getMessage());
    }
  }
}

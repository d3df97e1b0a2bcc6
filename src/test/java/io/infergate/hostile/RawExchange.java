package io.infergate.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One hostile request over a plain socket, byte for byte, and what came back: the status of the
 * first response, or none when the node closed the connection without one, and whether the node
 * then answered a second request smuggled behind it.
 */
final class RawExchange {

  /** What a case produced. {@code status} is -1 when the node closed without answering. */
  record Outcome(int status, boolean secondResponse, boolean hung) {

    String kind() {
      if (hung) {
        return "hung";
      }
      return status < 0 ? "closed" : (status / 100) + "xx";
    }
  }

  private static final int READ_TIMEOUT_MS = 20_000;

  private RawExchange() {
  }

  static Outcome send(int port, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException closedWhileWriting) {
        // The node may refuse and close before the whole request is written: read what it said.
      }
      byte[] received = readUntilClosed(socket.getInputStream());
      String text = new String(received, StandardCharsets.ISO_8859_1);
      int status = statusOf(text);
      boolean second = status >= 0 && text.indexOf("HTTP/1.", 5) > 0;
      return new Outcome(status, second, false);
    } catch (SocketTimeoutException e) {
      return new Outcome(-1, false, true);
    } catch (IOException e) {
      return new Outcome(-1, false, false);
    }
  }

  private static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        out.write(chunk, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // A reset after the response (a refused body still arriving): what was read stands.
      if (out.size() == 0) {
        throw reset;
      }
    }
    return out.toByteArray();
  }

  private static int statusOf(String response) {
    if (!response.toUpperCase(Locale.ROOT).startsWith("HTTP/1.") || response.length() < 12) {
      return -1;
    }
    try {
      return Integer.parseInt(response.substring(9, 12));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

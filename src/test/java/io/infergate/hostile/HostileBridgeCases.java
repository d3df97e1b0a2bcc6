package io.infergate.hostile;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The hostile frames of {@link HostileInputSuiteTest} for the TCP event bridge (4-byte length, then
 * JSON): lengths that lie, payloads that are not frames, forged sends and publishes, registrations
 * with bad or missing credentials. Each must be refused: an {@code err} frame or a closed connection.
 */
final class HostileBridgeCases {

  record Case(String name, byte[] bytes) {
  }

  private static final String EVENTS = "infergate.events";
  private final String admin;
  private final List<Case> cases = new ArrayList<>();

  HostileBridgeCases(String adminUser, String password) {
    this.admin = "Basic " + b64(adminUser + ":" + password);
  }

  List<Case> all() {
    lengths();
    payloads();
    frames();
    registrations();
    return cases;
  }

  private void lengths() {
    add("declares 2 GiB", prefix(0x8000_0000) + "{\"type\":\"ping\"}");
    add("declares 4 GiB - 1", prefix(0xFFFF_FFFF) + "{\"type\":\"ping\"}");
    add("declares one byte over the frame limit", prefix(65_537) + "x".repeat(1_000));
    add("declares a frame it never finishes", prefix(100) + "{\"type\":");
    add("declares zero bytes", prefix(0));
  }

  private void payloads() {
    String[] payloads = {"abc", "[]", "null", "1", "\"ping\"", "{", "{\"type\":\"ping\"", "[".repeat(10_000),
        "{\"type\":\"ping\",\"type\":\"register\"}", "{\"type\":\"ping\"}}", "\u0000\u0000", "{'type':'ping'}"};
    for (int i = 0; i < payloads.length; i++) {
      cases.add(new Case("payload " + i, frame(payloads[i])));
    }
  }

  private void frames() {
    JsonObject[] frames = {new JsonObject(), new JsonObject().put("type", 1), new JsonObject().put("type", "foo"),
        new JsonObject().put("type", "register"), new JsonObject().put("type", "unregister").put("address", EVENTS),
        new JsonObject().put("type", "send").put("address", "infergate.registry")
            .put("body", new JsonObject().put("op", "delete").put("inference_id", "hostile-victim")),
        new JsonObject().put("type", "publish").put("address", EVENTS)
            .put("body", new JsonObject().put("type", "deleted").put("inference_id", "forged")),
        new JsonObject().put("type", "send").put("address", EVENTS).put("headers", new JsonObject().put("authorization", admin)),
        new JsonObject().put("type", "register").put("address", "infergate.registry")
            .put("headers", new JsonObject().put("authorization", admin)),
        new JsonObject().put("type", "register").put("address", "x".repeat(60_000))};
    for (int i = 0; i < frames.length; i++) {
      cases.add(new Case("frame " + i, frame(frames[i].encode())));
    }
  }

  private void registrations() {
    Object[] authorizations = {null, "", "Basic", "Basic !!!", "Bearer x", "ApiKey " + b64("id:key"),
        "Basic " + b64("admin:wrong"), "Basic " + b64("nobody:test-password"), "Basic " + b64("outsider:test-password"),
        "Basic " + b64("no-colon"), 42, new JsonObject()};
    for (int i = 0; i < authorizations.length; i++) {
      JsonObject headers = new JsonObject();
      if (authorizations[i] != null) {
        headers.put("authorization", authorizations[i]);
      }
      cases.add(new Case("register with credentials " + i, frame(new JsonObject().put("type", "register")
          .put("address", EVENTS).put("headers", headers).encode())));
    }
    cases.add(new Case("register with headers that are not an object", frame("{\"type\":\"register\",\"address\":\""
        + EVENTS + "\",\"headers\":\"Basic x\"}")));
    cases.add(new Case("register naming the authorization twice", frame("{\"type\":\"register\",\"address\":\"" + EVENTS
        + "\",\"headers\":{\"authorization\":\"Basic " + b64("admin:wrong") + "\",\"authorization\":\"" + admin + "\"}}")));
    cases.add(new Case("register naming the address twice", frame("{\"type\":\"register\",\"address\":\"nope\",\"address\":\""
        + EVENTS + "\",\"headers\":{\"authorization\":\"" + admin + "\"}}")));
  }

  private void add(String name, String raw) {
    cases.add(new Case(name, raw.getBytes(StandardCharsets.ISO_8859_1)));
  }

  static byte[] frame(String json) {
    byte[] payload = json.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static String prefix(long length) {
    byte[] bytes = ByteBuffer.allocate(4).putInt((int) length).array();
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}

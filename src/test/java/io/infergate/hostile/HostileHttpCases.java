package io.infergate.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The hostile HTTP requests of {@link HostileInputSuiteTest}, each named and built byte for byte:
 * malformed and mistyped bodies, odd ids and parameters, wrong methods and media types, request
 * smuggling and broken framing, abusive credentials, perform and event-stream abuse. Every
 * request that would change the registry has a defect, so every one of them must be refused.
 */
final class HostileHttpCases {

  /** A case: its name, its bytes, and whether it must be refused (4xx or a closed connection). */
  record Case(String name, byte[] request, boolean mustBeRefused, boolean smuggles) {
  }

  static final String VICTIM = "hostile-victim";
  static final String FRESH = "/_inference/sparse_embedding/hostile-fresh";
  private static final String VALID_BODY =
      "{\"service\":\"hugging_face\",\"service_settings\":{\"url\":\"http://127.0.0.1:9/x\",\"api_key\":\"k\"}}";

  private final String admin;
  private final String reader;
  private final List<Case> cases = new ArrayList<>();

  HostileHttpCases(String adminUser, String readerUser, String password) {
    this.admin = basic(adminUser, password);
    this.reader = basic(readerUser, password);
  }

  List<Case> all() {
    malformedBodies();
    mistypedSettings();
    oddIds();
    oddParameters();
    wrongMethods();
    wrongMediaTypes();
    brokenFraming();
    smuggling();
    abusiveCredentials();
    performAbuse();
    eventStreamAbuse();
    oddPaths();
    return cases;
  }

  private void malformedBodies() {
    String[] bodies = {"{", "}", "[]", "[{}]", "null", "true", "42", "\"text\"", "{\"service\":}", "{\"service\"}",
        "{\"service\":\"hugging_face\",}", "{,}", "{'service':'hugging_face'}", "{service:\"hugging_face\"}",
        "{\"service\":\"hugging_face\"", "{\"service\":\"hugging_face\"}}", "{\"service\":NaN}", "{\"service\":Infinity}",
        "{\"service\":\"\\u12\"}", "{\"service\":\"\\x41\"}", "{\"service\":\"a\nb\"}",
        VALID_BODY + VALID_BODY, VALID_BODY + " x",
        "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
        "{\"service\":1e999999}", "{\"service\":-}", "{\"service\":0x10}", "{\"service\":01}",
        "{\"service\":\"hugging_face\",\"service\":\"openai\",\"service_settings\":{}}",
        "{\"service\":\"hugging_face\",\"service_settings\":{\"url\":\"u\",\"url\":\"v\",\"api_key\":\"k\"}}",
        "{\"service\":\"hugging_face\",\"service_settings\":{\"api_key\":\"k\",\"url\":\"http://a\",\"api_key\":\"j\"}}",
        "{\"\":\"\"}", "{\"service\":\"hugging_face\",\"service_settings\":{\"url\":\"http://a\",\"api_key\":\"k\"},\"zzz\":1}",
        "{\"service\":\"hugging_face\",\"service_settings\":null}", "\u0000", "{\"service\u0000\":\"x\"}", " ", "\r\n"};
    for (int i = 0; i < bodies.length; i++) {
      refused("malformed body " + i + " on create", put(FRESH, bodies[i]));
    }
    for (int i = 0; i < 12; i++) {
      refused("malformed body " + i + " on update", request("PUT", "/_inference/" + VICTIM + "/_update", admin,
          "application/json", bodies[i]));
    }
  }

  private void mistypedSettings() {
    String[] services = {"1", "true", "null", "[]", "{}", "\"\"", "\" \"", "\"nope\"", "\"HUGGING_FACE\"",
        "\"hugging_face \"", "\"hugging_face\\u0000\"", "[\"hugging_face\"]"};
    for (String service : services) {
      refused("service " + service, put(FRESH, "{\"service\":" + service
          + ",\"service_settings\":{\"url\":\"http://127.0.0.1:9/x\",\"api_key\":\"k\"}}"));
    }
    String[] settings = {"1", "\"x\"", "[]", "true", "null", "{}", "[{}]"};
    for (String value : settings) {
      refused("service_settings " + value, put(FRESH, "{\"service\":\"hugging_face\",\"service_settings\":" + value + "}"));
      if (!value.equals("{}")) {
        refused("task_settings " + value, put(FRESH, VALID_BODY.replace("}}", "},\"task_settings\":" + value + "}")));
      }
    }
    String[] chunking = {"1", "\"x\"", "[]", "{\"strategy\":\"nope\"}", "{\"strategy\":\"word\",\"max_chunk_size\":-1}",
        "{\"strategy\":\"word\",\"max_chunk_size\":2147483648}", "{\"strategy\":\"sentence\",\"overlap\":5}"};
    for (String value : chunking) {
      refused("chunking_settings " + value, put(FRESH, VALID_BODY.replace("}}", "},\"chunking_settings\":" + value + "}")));
    }
    String[] dimensions = {"2147483648", "99999999999", "-1", "0", "1.5", "\"3\"", "1e400", "[]", "true"};
    for (String value : dimensions) {
      refused("openai dimensions " + value, request("PUT", "/_inference/text_embedding/hostile-dims", admin,
          "application/json", "{\"service\":\"openai\",\"service_settings\":{\"api_key\":\"k\","
              + "\"model_id\":\"text-embedding-3-small\",\"dimensions\":" + value + "}}"));
    }
    String[] urls = {"\"\"", "\"not a url\"", "1", "\"http://\"", "[]"};
    for (String url : urls) {
      refused("hugging_face url " + url, put(FRESH, "{\"service\":\"hugging_face\",\"service_settings\":{\"url\":" + url
          + ",\"api_key\":\"k\"}}"));
    }
    refused("task type in body and path disagree", put(FRESH, VALID_BODY.replace("{\"service\"",
        "{\"task_type\":\"text_embedding\",\"service\"")));
    refused("unsupported task type for service", request("PUT", "/_inference/rerank/hostile-rr", admin,
        "application/json", "{\"service\":\"openai\",\"service_settings\":{\"api_key\":\"k\",\"model_id\":\"m\"}}"));
  }

  private void oddIds() {
    String[] ids = {"..", ".", "-x", "_x", "UPPER", "a%20b", "a%00b", "a%2Fb", "%C3%A9t%C3%A9", "a*", "*", "a,b", ",",
        "%F0%9F%98%80", "%C0%AE%C0%AE", "a%0Ab", "a%0D%0AX-Injected:%201", "x".repeat(10_000), "a%25", "%2e%2e",
        "a%7Bb%7D", "a%22b", "a%3Cscript%3E", "a%5Cb", "a#b", "a:b", "_all", "_update", "_references", "_stream",
        ".reserved-by-user"};
    for (int i = 0; i < ids.length; i++) {
      String path = "/_inference/sparse_embedding/" + ids[i];
      refused("odd id " + i + " create", put(path, VALID_BODY));
      refused("odd id " + i + " delete", request("DELETE", "/_inference/" + ids[i], admin, null, null));
      allowed("odd id " + i + " get", request("GET", "/_inference/" + ids[i], admin, null, null));
    }
  }

  private void oddParameters() {
    String[] params = {"timeout=99999999999999999999d", "timeout=-5s", "timeout=abc", "timeout=1x", "timeout=", "timeout=9223372036854775807ms", "pretty=%zz", "%zz=1", "a=%", "%",
        "unknown=1", "error_trace=maybe", "filter_path=" + "a.".repeat(3_000),
        "dry_run=maybe", "force=2"};
    for (int i = 0; i < params.length; i++) {
      String query = "?" + params[i];
      refused("parameter " + i + " on create", put(FRESH + query, VALID_BODY));
      refused("parameter " + i + " on update", request("PUT", "/_inference/" + VICTIM + "/_update" + query, admin,
          "application/json", "{\"service_settings\":{\"api_key\":\"changed\"}}"));
      refused("parameter " + i + " on delete", request("DELETE", "/_inference/" + VICTIM + query, admin, null, null));
      allowed("parameter " + i + " on health", request("GET", "/_cluster/health" + query, admin, null, null));
      allowed("parameter " + i + " on list", request("GET", "/_inference/_all" + query, admin, null, null));
    }
    for (String query : new String[] {"timeout=1s&timeout=2s", "timeout=1.5s", "pretty", "pretty=false", "human=true",
        "=", "&&&=&"}) {
      allowed("read parameter " + query + " on list", request("GET", "/_inference/_all?" + query, admin, null, null));
    }
    refused("unknown parameter from a reader on delete", request("DELETE", "/_inference/" + VICTIM + "?bogus=1",
        reader, null, null));
    refused("unknown parameter from a reader on create", request("PUT", FRESH + "?bogus=1", reader,
        "application/json", VALID_BODY));
    refused("reader deletes", request("DELETE", "/_inference/" + VICTIM, reader, null, null));
    refused("reader updates", request("PUT", "/_inference/" + VICTIM + "/_update", reader, "application/json",
        "{\"service_settings\":{\"api_key\":\"changed\"}}"));
  }

  private void wrongMethods() {
    String[] methods = {"PATCH", "OPTIONS", "TRACE", "FOO", "PROPFIND", "LOCK", "get"};
    String[] paths = {"/_inference/" + VICTIM, "/_inference/_all", "/", "/_cluster/health", "/_inference/" + VICTIM + "/_update"};
    for (String method : methods) {
      for (String path : paths) {
        boolean read = method.equals("OPTIONS") || path.equals("/");
        Case c = new Case(method + " " + path, request(method, path, admin, "application/json", VALID_BODY), !read, false);
        cases.add(c);
      }
    }
    refused("POST on the endpoint list", request("POST", "/_inference", admin, "application/json", VALID_BODY));
    refused("DELETE on the endpoint list", request("DELETE", "/_inference", admin, null, null));
    refused("DELETE _all", request("DELETE", "/_inference/_all", admin, null, null));
    refused("PUT without an id", request("PUT", "/_inference/sparse_embedding", admin, "application/json", VALID_BODY));
  }

  private void wrongMediaTypes() {
    String[] types = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/cbor", "application/smile", "application/yaml", "*/*", ";;;", "application/json, text/plain",
        "application/vnd.elasticsearch+json; compatible-with=99", "application/vnd.elasticsearch+json; compatible-with=abc",
        "application/jsonx", "text/json; x"};
    for (int i = 0; i < types.length; i++) {
      refused("content type [" + types[i] + "]", request("PUT", FRESH, admin, types[i], VALID_BODY));
    }
    refused("no content type, body not JSON", request("PUT", FRESH, admin, null, "service=hugging_face"));
    refused("create without a body", request("PUT", FRESH, admin, "application/json", null));
    refused("create with an empty body", request("PUT", FRESH, admin, "application/json", ""));
    refused("body over the size limit", request("PUT", FRESH, admin, "application/json",
        "{\"service\":\"" + "x".repeat(1_100_000) + "\"}"));
  }

  private void brokenFraming() {
    String auth = "Authorization: " + admin + "\r\n";
    String put = "PUT " + FRESH + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n";
    raw("content length not a number", put + "Content-Length: abc\r\nConnection: close\r\n\r\n" + VALID_BODY);
    raw("negative content length", put + "Content-Length: -1\r\nConnection: close\r\n\r\n" + VALID_BODY);
    raw("two different content lengths", put + "Content-Length: 3\r\nContent-Length: " + VALID_BODY.length()
        + "\r\nConnection: close\r\n\r\n" + VALID_BODY);
    raw("content length with a sign", put + "Content-Length: +" + VALID_BODY.length() + "\r\nConnection: close\r\n\r\n"
        + VALID_BODY);
    raw("content length over the limit", put + "Content-Length: 2147483648\r\nConnection: close\r\n\r\n" + VALID_BODY);
    raw("content length list", put + "Content-Length: 3, 3\r\nConnection: close\r\n\r\n{}x");
    raw("chunk size not hex", put + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
    raw("chunk size overflow", put + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n");
    raw("chunk longer than declared", put + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}}}}\r\n0\r\n\r\n");
    raw("chunk extension garbage", put + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2;\u0001\u0002\r\n{}\r\n0\r\n\r\n");
    raw("gzip transfer coding", put + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n" + VALID_BODY);
    raw("gzip content coding of a plain body", put + "Content-Encoding: gzip\r\nContent-Length: " + VALID_BODY.length()
        + "\r\nConnection: close\r\n\r\n" + VALID_BODY);
    // RFC 9112 section 5.2 lets a server unfold obs-fold into spaces (Netty does) instead of refusing it.
    allowedRaw("obs-fold header", "GET /_inference/_all HTTP/1.1\r\nHost: x\r\n" + auth
        + "X-Folded: a\r\n b\r\nConnection: close\r\n\r\n");
    raw("header without a colon", put + "NoColonHere\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    raw("space before the colon", "PUT " + FRESH + " HTTP/1.1\r\nHost: x\r\n" + auth
        + "Content-Length : 2\r\nConnection: close\r\n\r\n{}");
    raw("NUL in a header", put + "X-Nul: a\u0000b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    raw("bare LF line ends", "PUT " + FRESH + " HTTP/1.1\nHost: x\n" + auth.replace("\r\n", "\n")
        + "Content-Length: 2\nConnection: close\n\n{}");
    raw("header line over the limit", "GET / HTTP/1.1\r\nHost: x\r\n" + auth + "X-Big: " + "a".repeat(70_000)
        + "\r\nConnection: close\r\n\r\n");
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n" + auth);
    for (int i = 0; i < 4_000; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    allowed("four thousand headers", bytes(many + "Connection: close\r\n\r\n"));
    raw("request line over the limit", "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    raw("absolute-form target", "DELETE http://127.0.0.1/_inference/" + VICTIM + "?timeout=zz HTTP/1.1\r\nHost: x\r\n"
        + auth + "Connection: close\r\n\r\n");
    raw("asterisk-form target", "OPTIONS * HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
    raw("authority-form target", "CONNECT 127.0.0.1:9200 HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
    raw("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    raw("HTTP/0.9 request", "GET /\r\n\r\n");
    raw("HTTP/3.0 request", "GET / HTTP/3.0\r\nHost: x\r\nConnection: close\r\n\r\n");
    raw("HTTP/1.1 without Host", "DELETE /_inference/" + VICTIM + " HTTP/1.1\r\n" + auth + "Connection: close\r\n\r\n");
    raw("two Host headers", "DELETE /_inference/" + VICTIM + "?timeout=zz HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + auth
        + "Connection: close\r\n\r\n");
    raw("tab in the request line", "DELETE\t/_inference/" + VICTIM + "?force=zz HTTP/1.1\r\nHost: x\r\n" + auth
        + "Connection: close\r\n\r\n");
    raw("no target", "DELETE  HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
    raw("garbage bytes", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 not a request\r\n\r\n");
    raw("a TLS client hello on the plain port", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003");
    raw("body shorter than its length", put + "Content-Length: 500\r\nConnection: close\r\n\r\n" + VALID_BODY);
    raw("expect 100-continue then nothing", put + "Expect: 100-continue\r\nContent-Length: 50\r\nConnection: close\r\n\r\n");
    raw("unknown expectation", put + "Expect: 200-ok\r\nContent-Length: " + VALID_BODY.length()
        + "\r\nConnection: close\r\n\r\n" + VALID_BODY.replace("hugging_face", "nope"));
    // A plain HTTP/1.1 answer is right: h2c is off and the event stream is SSE, not a websocket.
    allowedRaw("upgrade to h2c", "GET / HTTP/1.1\r\nHost: x\r\n" + auth
        + "Connection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
    allowedRaw("upgrade to websocket", "GET /_inference/_events HTTP/1.1\r\nHost: x\r\n" + auth
        + "Connection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n");
  }

  private void smuggling() {
    String hidden = "DELETE /_inference/" + VICTIM + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + admin
        + "\r\nConnection: close\r\n\r\n";
    String body = "0\r\n\r\n" + hidden;
    String[] encodings = {"Transfer-Encoding: chunked", "Transfer-Encoding: chunked, identity", "Transfer-Encoding:  chunked",
        "Transfer-Encoding: CHUNKED", "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity",
        "Transfer-Encoding: identity, chunked", "Transfer-Encoding: xchunked", "Transfer-Encoding:\tchunked",
        "Transfer-Encoding : chunked", "transfer-encoding: chunked"};
    for (int i = 0; i < encodings.length; i++) {
      cases.add(new Case("content length and transfer encoding " + i, bytes("GET /_inference/_all HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: " + admin + "\r\nContent-Length: " + body.length() + "\r\n" + encodings[i] + "\r\n\r\n" + body),
          true, true));
    }
    cases.add(new Case("transfer encoding only, smuggled request behind the last chunk",
        bytes("GET /_inference/_all HTTP/1.1\r\nHost: x\r\nAuthorization: " + admin
            + "\r\nTransfer-Encoding: chunked, identity\r\n\r\n" + body), true, true));
  }

  private void abusiveCredentials() {
    String[] headers = {"Basic", "Basic ", "Basic !!!!", "Basic " + b64("no-colon"), "Basic " + b64(":"),
        "Basic " + b64(":" + "x"), "Basic " + b64("admin:"), "Basic " + b64("admin:wrong"),
        "Basic " + b64("u".repeat(20_000) + ":x"), "Basic " + b64("\u00e9l\u00e8ve:x"), "Basic " + b64("admin\u0000:x"),
        "Bearer abc", "ApiKey " + b64("id:key"), "ApiKey !!!", "Digest username=\"admin\"", "basic " + b64("admin:x"),
        "Basic  " + b64("admin:x"), "Negotiate YII=", "Basic " + b64("admin:wrong") + ", Basic " + b64("admin:x"),
        "Basic " + "A".repeat(60_000)};
    for (int i = 0; i < headers.length; i++) {
      refused("credentials " + i, request("DELETE", "/_inference/" + VICTIM, headers[i], null, null));
    }
    refused("no credentials", request("DELETE", "/_inference/" + VICTIM, null, null, null));
    refused("two Authorization headers", bytes("DELETE /_inference/" + VICTIM + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + reader + "\r\nAuthorization: " + admin + "\r\nConnection: close\r\n\r\n"));
    refused("credentials in the URL", bytes("DELETE http://admin:test@127.0.0.1/_inference/" + VICTIM
        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  }

  private void performAbuse() {
    String path = "/_inference/" + VICTIM;
    String[] bodies = {"{}", "{\"input\":null}", "{\"input\":[]}", "{\"input\":1}", "{\"input\":{}}", "{\"input\":[1,2]}",
        "{\"input\":[null]}", "{\"input\":[[\"a\"]]}", "{\"input\":\"a\",\"input\":\"b\"}", "{\"input\":\"a\",\"query\":\"q\"}",
        "{\"input\":\"a\",\"input_type\":\"nope\"}", "{\"input\":\"a\",\"return_documents\":true}",
        "{\"input\":\"a\",\"top_n\":-1}", "{\"input\":\"a\",\"timeout\":\"99999999999999999999d\"}",
        "{\"input\":\"a\",\"timeout\":\"zz\"}", "{\"input\":\"a\",\"task_settings\":1}", "{\"input\":\"a\",\"unknown\":1}",
        "[\"a\"]", "\"a\"", "{\"input\":\"a\"", "{\"input\":\"" + "a".repeat(1_100_000) + "\"}"};
    for (int i = 0; i < bodies.length; i++) {
      refused("perform body " + i, request("POST", path, admin, "application/json", bodies[i]));
    }
    refused("perform on an unknown endpoint", request("POST", "/_inference/hostile-none", admin, "application/json",
        "{\"input\":\"a\"}"));
    refused("perform with the wrong task type", request("POST", "/_inference/completion/" + VICTIM, admin,
        "application/json", "{\"input\":\"a\"}"));
    refused("perform with a bad timeout parameter", request("POST", path + "?timeout=-1", admin, "application/json",
        "{\"input\":\"a\"}"));
    refused("stream a sparse embedding", request("POST", path + "/_stream", admin, "application/json", "{\"input\":\"a\"}"));
    refused("perform without credentials", request("POST", path, null, "application/json", "{\"input\":\"a\"}"));
    refused("perform as an outsider", request("POST", path, basic("outsider", "test-password"), "application/json",
        "{\"input\":\"a\"}"));
    refused("perform on _all", request("POST", "/_inference/_all", admin, "application/json", "{\"input\":\"a\"}"));
    refused("perform with a form body", request("POST", path, admin, "application/x-www-form-urlencoded", "input=a"));
  }

  private void eventStreamAbuse() {
    String[] queries = {"from_sequence=-1", "from_sequence=abc", "from_sequence=9223372036854775807",
        "from_sequence=99999999999999999999", "types=nope", "task_type=nope", "inference_id=..", "hold=..",
        "hold=" + VICTIM + "&holder=", "holder=x", "unknown=1", "from_sequence=%zz"};
    for (int i = 0; i < queries.length; i++) {
      refused("event stream query " + i, request("GET", "/_inference/_events?" + queries[i], admin, null, null));
    }
    String[] lastIds = {"9223372036854775807", "-5", "abc", "99999999999999999999", "1e3"};
    for (int i = 0; i < lastIds.length; i++) {
      refused("Last-Event-ID " + i, bytes("GET /_inference/_events HTTP/1.1\r\nHost: x\r\nAuthorization: " + admin
          + "\r\nLast-Event-ID: " + lastIds[i] + "\r\nConnection: close\r\n\r\n"));
    }
    refused("event stream without credentials", request("GET", "/_inference/_events", null, null, null));
    refused("event stream as an outsider", request("GET", "/_inference/_events", basic("outsider", "test-password"),
        null, null));
  }

  private void oddPaths() {
    String[] paths = {"//_inference/" + VICTIM, "/_inference//" + VICTIM, "/_inference/../_inference/" + VICTIM,
        "/_inference/%2e%2e/" + VICTIM, "/_inference/" + VICTIM + ";x=1",
        "/_inference/" + VICTIM + "/_references/", "/_inference/a/b/c/d", "/_inference/sparse_embedding/" + VICTIM + "/x",
        "/_inference/" + VICTIM + "%00", "/_inference/" + VICTIM + "%2F_update", "/_INFERENCE/" + VICTIM, "/%5Finference/"
        + VICTIM, "/_inference/\u00e9", "/_inference/" + VICTIM + "??force=true"};
    for (int i = 0; i < paths.length; i++) {
      refused("odd path " + i + " delete", request("DELETE", paths[i], admin, null, null));
    }
  }

  private void refused(String name, byte[] request) {
    cases.add(new Case(name, request, true, false));
  }

  private void allowed(String name, byte[] request) {
    cases.add(new Case(name, request, false, false));
  }

  private void raw(String name, String request) {
    cases.add(new Case(name, bytes(request), true, false));
  }

  private void allowedRaw(String name, String request) {
    cases.add(new Case(name, bytes(request), false, false));
  }

  private byte[] put(String path, String body) {
    return request("PUT", path, admin, "application/json", body);
  }

  private static byte[] request(String method, String target, String authorization, String contentType, String body) {
    StringBuilder out = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (authorization != null) {
      out.append("Authorization: ").append(authorization).append("\r\n");
    }
    if (contentType != null) {
      out.append("Content-Type: ").append(contentType).append("\r\n");
    }
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      out.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    out.append("Connection: close\r\n\r\n");
    byte[] head = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + payload.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(payload, 0, all, head.length, payload.length);
    return all;
  }

  private static byte[] bytes(String request) {
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String basic(String user, String password) {
    return "Basic " + b64(user + ":" + password);
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}

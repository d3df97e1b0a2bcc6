package io.infergate.testing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the tests that run on one: INFERGATE_TEST_POSTGRES_URL names it (CI
 * starts one; locally {@code eval "$(scripts/start-postgres)"}). Without it, the test asking is skipped.
 */
public final class TestPostgres {

  private TestPostgres() {
  }

  /** The server's JDBC URL; skips the test when none is set. */
  public static String url() {
    String url = System.getenv("INFERGATE_TEST_POSTGRES_URL");
    Assumptions.assumeTrue(url != null && !url.isBlank(), "INFERGATE_TEST_POSTGRES_URL is not set");
    return url;
  }

  public static String user() {
    return System.getenv().getOrDefault("INFERGATE_TEST_POSTGRES_USER", "infergate");
  }

  public static String password() {
    return System.getenv().getOrDefault("INFERGATE_TEST_POSTGRES_PASSWORD", "infergate");
  }

  /** The {@code store} settings of a node on the server; skips the test when none is set. */
  public static JsonObject store() {
    return new JsonObject().put("type", "postgresql").put("jdbc_url", url()).put("username", user())
        .put("password", password());
  }
}

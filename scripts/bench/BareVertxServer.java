import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The baseline for scripts/bench: a bare Vert.x 5 HTTP server with one vertx-web route, no
 * authentication, no event bus, no cluster. Like the gateway's router it is one verticle (one event
 * loop). GET /_inference/{id} answers a small JSON of the same shape as the gateway's reply.
 *
 *   java -cp target/infergate.jar scripts/bench/BareVertxServer.java PORT
 *
 * Prints "listening on PORT" once it accepts connections; stops on SIGTERM.
 */
public final class BareVertxServer extends VerticleBase {

  private final int port;

  private BareVertxServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new BareVertxServer(port))
        .onSuccess(id -> System.out.println("listening on " + port))
        .onFailure(failure -> {
          failure.printStackTrace();
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/_inference/:id").handler(ctx -> {
      JsonObject endpoint = new JsonObject()
          .put("inference_id", ctx.pathParam("id"))
          .put("task_type", "sparse_embedding")
          .put("service", "hugging_face")
          .put("service_settings", new JsonObject().put("url", "https://hf.example"));
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("endpoints", new JsonArray().add(endpoint)).encode());
    });
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
  }
}

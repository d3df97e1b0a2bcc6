package io.infergate.inference;

import static io.infergate.inference.SettingKind.BOOLEAN;
import static io.infergate.inference.SettingKind.OBJECT;
import static io.infergate.inference.SettingKind.POSITIVE_INTEGER;
import static io.infergate.inference.SettingKind.STRING;
import static io.infergate.inference.SettingKind.TIME_VALUE;
import static io.infergate.inference.SettingSpec.oneOf;
import static io.infergate.inference.SettingSpec.optional;
import static io.infergate.inference.SettingSpec.required;
import static io.infergate.inference.SettingSpec.requiredSecret;
import static io.infergate.inference.TaskType.CHAT_COMPLETION;
import static io.infergate.inference.TaskType.COMPLETION;
import static io.infergate.inference.TaskType.RERANK;
import static io.infergate.inference.TaskType.SPARSE_EMBEDDING;
import static io.infergate.inference.TaskType.TEXT_EMBEDDING;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The services a PUT may name, with the settings each one requires and accepts: the one source of
 * truth for validating endpoints and for {@code GET /_inference/_services}.
 */
public final class ServiceCatalog {

  /** The model the built-in {@code elasticsearch} service runs in the node's JVM. */
  public static final String BUILT_IN_MODEL_ID = ".all-minilm-l6-v2";
  /** The built-in service's name: Elasticsearch's name for its in-cluster service. */
  public static final String BUILT_IN_SERVICE = "elasticsearch";

  private static final SettingSpec API_KEY = requiredSecret("api_key")
      .described("API Key", "The API key of the service; stored, never returned.");
  private static final SettingSpec SIMILARITY = oneOf("similarity", "cosine", "dot_product", "l2_norm")
      .described("Similarity", "The similarity measure of the embeddings: cosine, dot_product or l2_norm.")
      .forTasks(TEXT_EMBEDDING, SPARSE_EMBEDDING);
  private static final SettingSpec DIMENSIONS = optional("dimensions", POSITIVE_INTEGER)
      .described("Dimensions", "The number of dimensions the resulting embeddings should have.")
      .forTasks(TEXT_EMBEDDING, SPARSE_EMBEDDING);
  private static final SettingSpec MAX_INPUT_TOKENS = optional("max_input_tokens", POSITIVE_INTEGER)
      .described("Maximum Input Tokens", "Allows you to specify the maximum number of tokens per input.")
      .forTasks(TEXT_EMBEDDING, SPARSE_EMBEDDING);
  private static final SettingSpec RATE_LIMIT = optional("rate_limit", OBJECT)
      .described("Rate Limit", "Settings of the endpoint's rate limit: requests_per_minute.");
  /** Opt-in, node-local result cache: {@code {"enabled": true}} (see {@code inference.cache}). */
  private static final SettingSpec CACHE = optional("cache", OBJECT)
      .described("Cache", "Settings of the endpoint's result cache: enabled.")
      .forTasks(TEXT_EMBEDDING, SPARSE_EMBEDDING, RERANK);
  private static final SettingSpec URL = optional("url", STRING)
      .described("URL", "The absolute URL of the external service to send requests to.");

  /**
   * Every service's task setting: the default timeout of perform requests through the endpoint (an
   * Elasticsearch time value), which a request's own timeout overrides.
   */
  private static final SettingSpec TIMEOUT = optional("timeout", TIME_VALUE);

  private final Map<String, ServiceDefinition> services;

  private ServiceCatalog(Map<String, ServiceDefinition> services) {
    this.services = services;
  }

  public static ServiceCatalog builtIn() {
    ServiceDefinition openai = ServiceDefinition.of("openai", "OpenAI",
        Set.of(TEXT_EMBEDDING, COMPLETION, CHAT_COMPLETION),
        List.of(API_KEY, required("model_id").described("Model ID",
                "The name of the model to use for the inference task."), URL,
            optional("organization_id", STRING).described("Organization ID",
                "The unique identifier of your organization."),
            SIMILARITY, DIMENSIONS, MAX_INPUT_TOKENS, RATE_LIMIT, CACHE),
        List.of(optional("user", STRING).described("User", "The unique identifier of the end user."), TIMEOUT),
        false);
    ServiceDefinition huggingFace = ServiceDefinition.of("hugging_face", "Hugging Face",
        Set.of(TEXT_EMBEDDING, SPARSE_EMBEDDING, RERANK, COMPLETION, CHAT_COMPLETION),
        List.of(API_KEY, required("url").described("URL",
                "The URL of the Hugging Face endpoint (Inference Endpoints, TEI or an OpenAI-compatible server)."),
            optional("model_id", STRING).described("Model ID",
                "The name of the model, for completion and chat completion.").forTasks(COMPLETION, CHAT_COMPLETION),
            SIMILARITY, DIMENSIONS, MAX_INPUT_TOKENS, RATE_LIMIT, CACHE),
        List.of(optional("return_documents", BOOLEAN), optional("top_n", POSITIVE_INTEGER), TIMEOUT),
        false);
    ServiceDefinition cohere = ServiceDefinition.of("cohere", "Cohere",
        Set.of(TEXT_EMBEDDING, RERANK, COMPLETION),
        List.of(API_KEY, optional("model_id", STRING).described("Model ID",
                "The name of the model to use for the inference task."), URL,
            oneOf("embedding_type", "byte", "float", "int8", "bit", "binary").described("Embedding Type",
                "The type of the embeddings: float, byte, int8, bit or binary.").forTasks(TEXT_EMBEDDING),
            SIMILARITY, DIMENSIONS, MAX_INPUT_TOKENS, RATE_LIMIT, CACHE),
        List.of(oneOf("input_type", "ingest", "search", "classification", "clustering"),
            oneOf("truncate", "NONE", "START", "END"), optional("return_documents", BOOLEAN),
            optional("top_n", POSITIVE_INTEGER), TIMEOUT),
        true);
    ServiceDefinition builtInModel = ServiceDefinition.of(BUILT_IN_SERVICE, "Elasticsearch",
        Set.of(TEXT_EMBEDDING),
        List.of(required("model_id").described("Model ID",
                "The name of the model to run in the node, e.g. " + BUILT_IN_MODEL_ID + "."),
            optional("num_allocations", POSITIVE_INTEGER).described("Number Allocations",
                "The total number of allocations this model is assigned across nodes."),
            optional("num_threads", POSITIVE_INTEGER).described("Number Threads",
                "Sets the number of threads used by each model allocation during inference."),
            optional("adaptive_allocations", OBJECT).described("Adaptive Allocations",
                "Adaptive allocations configuration details."),
            SIMILARITY, DIMENSIONS, RATE_LIMIT, CACHE),
        List.of(TIMEOUT),
        true);
    Map<String, ServiceDefinition> byName = new TreeMap<>();
    for (ServiceDefinition service : List.of(openai, huggingFace, cohere, builtInModel)) {
      byName.put(service.name(), service);
    }
    return new ServiceCatalog(byName);
  }

  Optional<ServiceDefinition> find(String name) {
    return Optional.ofNullable(services.get(name));
  }

  public Set<String> names() {
    return new TreeSet<>(services.keySet());
  }

  /** Whether a perform request to this service may give {@code input_type}. */
  public boolean acceptsInputType(String service) {
    return find(service).map(ServiceDefinition::acceptsInputType).orElse(false);
  }

  /** {@code GET /_inference/_services[/{task_type}]}: every service (supporting the task type), by name. */
  public JsonArray describe(TaskType taskType) {
    return ServiceDescriptions.of(services.values(), taskType);
  }
}

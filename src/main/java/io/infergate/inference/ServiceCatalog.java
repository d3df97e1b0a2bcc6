package io.infergate.inference;

import static io.infergate.inference.SettingKind.BOOLEAN;
import static io.infergate.inference.SettingKind.OBJECT;
import static io.infergate.inference.SettingKind.POSITIVE_INTEGER;
import static io.infergate.inference.SettingKind.STRING;
import static io.infergate.inference.SettingSpec.oneOf;
import static io.infergate.inference.SettingSpec.optional;
import static io.infergate.inference.SettingSpec.required;
import static io.infergate.inference.SettingSpec.requiredSecret;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The services a PUT may name, with the settings each one requires and accepts. */
public final class ServiceCatalog {

  private static final SettingSpec SIMILARITY = oneOf("similarity", "cosine", "dot_product", "l2_norm");
  private static final SettingSpec DIMENSIONS = optional("dimensions", POSITIVE_INTEGER);
  private static final SettingSpec MAX_INPUT_TOKENS = optional("max_input_tokens", POSITIVE_INTEGER);
  private static final SettingSpec RATE_LIMIT = optional("rate_limit", OBJECT);

  private final Map<String, ServiceDefinition> services;

  private ServiceCatalog(Map<String, ServiceDefinition> services) {
    this.services = services;
  }

  public static ServiceCatalog builtIn() {
    ServiceDefinition openai = ServiceDefinition.of("openai",
        Set.of(TaskType.TEXT_EMBEDDING, TaskType.COMPLETION, TaskType.CHAT_COMPLETION),
        List.of(requiredSecret("api_key"), required("model_id"), optional("url", STRING),
            optional("organization_id", STRING), SIMILARITY, DIMENSIONS, MAX_INPUT_TOKENS, RATE_LIMIT),
        List.of(optional("user", STRING)));
    ServiceDefinition huggingFace = ServiceDefinition.of("hugging_face",
        Set.of(TaskType.TEXT_EMBEDDING, TaskType.SPARSE_EMBEDDING),
        List.of(requiredSecret("api_key"), required("url"), SIMILARITY, DIMENSIONS, MAX_INPUT_TOKENS,
            RATE_LIMIT),
        List.of());
    ServiceDefinition cohere = ServiceDefinition.of("cohere",
        Set.of(TaskType.TEXT_EMBEDDING, TaskType.RERANK, TaskType.COMPLETION),
        List.of(requiredSecret("api_key"), optional("model_id", STRING), optional("url", STRING),
            oneOf("embedding_type", "byte", "float", "int8", "bit", "binary"), SIMILARITY, DIMENSIONS,
            MAX_INPUT_TOKENS, RATE_LIMIT),
        List.of(oneOf("input_type", "ingest", "search", "classification", "clustering"),
            oneOf("truncate", "NONE", "START", "END"), optional("return_documents", BOOLEAN),
            optional("top_n", POSITIVE_INTEGER)));
    return new ServiceCatalog(Map.of(openai.name(), openai, huggingFace.name(), huggingFace,
        cohere.name(), cohere));
  }

  Optional<ServiceDefinition> find(String name) {
    return Optional.ofNullable(services.get(name));
  }

  public Set<String> names() {
    return new TreeSet<>(services.keySet());
  }
}

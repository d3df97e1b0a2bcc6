package io.infergate.inference;

import io.infergate.bus.EsError;
import java.util.regex.Pattern;

/** The rules for inference endpoint ids, as Elasticsearch applies them. */
public final class EndpointIds {

  private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9_\\-.]*[a-z0-9])?");
  /** Preconfigured endpoints, as Elasticsearch's: a leading dot no client-created id can have. */
  private static final Pattern RESERVED = Pattern.compile("\\.[a-z0-9](?:[a-z0-9_\\-.]*[a-z0-9])?");
  /** Longer ids are refused before they are echoed back or reach the registry. */
  public static final int MAX_LENGTH = 255;

  private EndpointIds() {
  }

  public static boolean isListAll(String id) {
    return "_all".equals(id) || "*".equals(id);
  }

  /** True for the id of a preconfigured endpoint, which only the node configuration creates. */
  public static boolean isReserved(String id) {
    return id.length() <= MAX_LENGTH && RESERVED.matcher(id).matches();
  }

  /** Fails unless {@code id} may name an existing endpoint: a valid id or a reserved one. */
  public static String requireExisting(String id) {
    return isReserved(id) ? id : requireValid(id);
  }

  /** Fails with Elasticsearch's validation error unless a client may create an endpoint with {@code id}. */
  public static String requireValid(String id) {
    if (id.length() > MAX_LENGTH) {
      throw EsError.validation("Invalid inference_id; it is " + id.length()
          + " characters long, and must be at most " + MAX_LENGTH).toException();
    }
    if (!VALID.matcher(id).matches()) {
      throw EsError.validation("Invalid inference_id; '" + id + "' can contain lowercase alphanumeric "
          + "(a-z and 0-9), hyphens or underscores; must start and end with alphanumeric").toException();
    }
    return id;
  }
}

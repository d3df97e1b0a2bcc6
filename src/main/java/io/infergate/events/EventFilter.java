package io.infergate.events;

import io.infergate.bus.EndpointEvent;
import java.util.EnumSet;
import java.util.Set;

/** Which events a subscriber wants: by type, and optionally one task type or one endpoint id. */
public record EventFilter(Set<EndpointEvent.Type> types, String taskType, String inferenceId) {

  public EventFilter {
    types = types.isEmpty() ? EnumSet.allOf(EndpointEvent.Type.class) : EnumSet.copyOf(types);
  }

  public static EventFilter all() {
    return new EventFilter(EnumSet.allOf(EndpointEvent.Type.class), null, null);
  }

  public static EventFilter deletions() {
    return new EventFilter(EnumSet.of(EndpointEvent.Type.DELETED), null, null);
  }

  public EventFilter withTaskType(String value) {
    return new EventFilter(types, value, inferenceId);
  }

  public EventFilter withInferenceId(String value) {
    return new EventFilter(types, taskType, value);
  }

  public boolean matches(EndpointEvent event) {
    return types.contains(event.type())
        && (taskType == null || taskType.equals(event.taskType()))
        && (inferenceId == null || inferenceId.equals(event.inferenceId()));
  }
}

package io.infergate.bus;

/**
 * A live endpoint as this node's view holds it, with the revision of that definition: anything
 * computed from the definition (a cached embedding, a rate limit) is only valid for this revision.
 */
public record CurrentEndpoint(EndpointDefinition definition, long revision) {
}

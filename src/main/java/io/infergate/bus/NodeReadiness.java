package io.infergate.bus;

/**
 * Whether this node should be sent traffic, as a load balancer's readiness probe asks
 * ({@code GET /_infergate/ready}): it has joined the cluster, loaded its views, and can accept
 * writes, and it is not shutting down. The boot implements it; the router only reads it.
 */
@FunctionalInterface
public interface NodeReadiness {

  boolean isReady();
}

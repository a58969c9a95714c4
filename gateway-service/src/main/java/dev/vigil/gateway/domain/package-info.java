/**
 * The gateway's domain core, plain Java: API token format and hashing, the token model and scopes,
 * the routing table, the per-family error bodies of the gateway's own rejections, and rate
 * limiting. HTTP resources, the proxy and persistence are built on top of this package and must not
 * be imported by it.
 */
package dev.vigil.gateway.domain;

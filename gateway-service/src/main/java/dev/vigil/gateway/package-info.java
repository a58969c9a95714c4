/**
 * gateway-service: tenants, projects, members, API tokens, signing keys, rate limits and the
 * routing table; authenticates every public request and forwards it with an internal JWT.
 *
 * <p>The beans every forwarded request calls ({@code GatewayFilter}'s collaborators: token
 * authentication, rate limits, internal JWTs, the proxy and what they call) are {@code @Singleton}:
 * an {@code @ApplicationScoped} bean is reached through a client proxy that looks its instance up
 * in the context on every call, a measurable share of the gateway's CPU at saturation.
 */
package dev.vigil.gateway;

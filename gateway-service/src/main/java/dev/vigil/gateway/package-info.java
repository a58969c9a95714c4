/**
 * gateway-service: tenants, projects, members, API tokens, signing keys, rate limits and the
 * routing table; authenticates every public request and forwards it with an internal JWT.
 */
package dev.vigil.gateway;

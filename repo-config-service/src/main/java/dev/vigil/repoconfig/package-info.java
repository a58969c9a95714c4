/**
 * repo-config-service: SigSentry-compatible repository connections: encrypted credentials, service
 * mappings, quotas, idempotency keys.
 */
package dev.vigil.repoconfig;

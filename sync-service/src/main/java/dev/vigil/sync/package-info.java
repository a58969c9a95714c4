/**
 * sync-service: Scanner.dev detection-rules-as-code Git sync: sync sources, attempts, detection
 * rules, rule tests.
 */
package dev.vigil.sync;

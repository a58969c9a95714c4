/**
 * scanning-service: GitHub-compatible code scanning: SARIF uploads, analyses, rules, alerts, alert
 * instances.
 */
package dev.vigil.scanning;

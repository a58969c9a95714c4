/**
 * secrets-service: GitGuardian-compatible secret incidents and scans, and GitHub push-protection
 * pattern configurations.
 */
package dev.vigil.secrets;

package dev.vigil.repoconfig.config;

import dev.vigil.repoconfig.domain.CredentialCipher;
import dev.vigil.repoconfig.domain.KeyRing;
import dev.vigil.repoconfig.domain.QuotaPolicy;
import dev.vigil.repoconfig.domain.RequestFingerprinter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the domain's key ring, cipher, request fingerprinter and quota policy from typed
 * configuration.
 */
public class DomainProducers {

  @Produces
  @Singleton
  KeyRing keyRing(KekConfig config) {
    return keyRingFrom(config);
  }

  @Produces
  @Singleton
  CredentialCipher credentialCipher(KeyRing keyRing) {
    return new CredentialCipher(keyRing);
  }

  @Produces
  @Singleton
  RequestFingerprinter requestFingerprinter(KeyRing keyRing) {
    return new RequestFingerprinter(keyRing);
  }

  @Produces
  @Singleton
  QuotaPolicy quotaPolicy(QuotaConfig config) {
    return new QuotaPolicy(config.repos());
  }

  /**
   * @throws IllegalStateException when keys are missing or invalid; messages name key ids only
   */
  static KeyRing keyRingFrom(KekConfig config) {
    if (config.keys().isEmpty()) {
      throw new IllegalStateException(
          "no credential key-encryption keys configured: set vigil.repo-config.kek.keys.<id>"
              + " (env VIGIL_REPO_CONFIG_KEK_KEYS_<ID>) and vigil.repo-config.kek.active"
              + " (env VIGIL_REPO_CONFIG_KEK_ACTIVE)");
    }
    String active =
        config
            .active()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "vigil.repo-config.kek.active (env VIGIL_REPO_CONFIG_KEK_ACTIVE) is not set"));
    try {
      return KeyRing.fromBase64(config.keys(), active);
    } catch (IllegalArgumentException e) {
      // KeyRing's messages name key ids only, never key material.
      throw new IllegalStateException(
          "invalid credential key-encryption key configuration: " + e.getMessage());
    }
  }
}

package dev.vigil.secrets.domain;

import java.util.Optional;

/** A push-protection setting as GitHub spells it; {@code not-set} inherits from the level above. */
public enum PushSetting {
  ENABLED("enabled"),
  DISABLED("disabled"),
  NOT_SET("not-set");

  private final String value;

  PushSetting(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<PushSetting> of(String value) {
    for (PushSetting setting : values()) {
      if (setting.value.equals(value)) {
        return Optional.of(setting);
      }
    }
    return Optional.empty();
  }

  /**
   * The setting that applies: the organization's unless not set, else the enterprise's unless not
   * set, else the pattern's default.
   */
  public static PushSetting effective(
      PushSetting organization, PushSetting enterprise, PushSetting defaultSetting) {
    if (organization != null && organization != NOT_SET) {
      return organization;
    }
    if (enterprise != null && enterprise != NOT_SET) {
      return enterprise;
    }
    return defaultSetting;
  }
}

package dev.vigil.scanning.domain;

/**
 * A tool component as GitHub reports it ({@code tool.name/version/guid}).
 *
 * @param name tool name.
 * @param version {@code semanticVersion} when the SARIF has one, else {@code version} (GitHub
 *     ignores version when semanticVersion is present); null when neither is given.
 * @param guid the component's guid, or null.
 */
public record ToolInfo(String name, String version, String guid) {

  /** Bounds the strings (see {@link SarifStrings}). */
  public ToolInfo {
    name = SarifStrings.identifier("tool name", name);
    version = SarifStrings.identifier("tool version", version);
    guid = SarifStrings.identifier("tool guid", guid);
  }
}

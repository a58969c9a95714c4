package dev.vigil.system;

import java.util.List;

/** The five services, in start order (the gateway first: backends fetch its keys). */
final class ServiceNames {

  static final String GATEWAY = "gateway-service";
  static final String SYNC = "sync-service";
  static final String SCANNING = "scanning-service";
  static final String SECRETS = "secrets-service";
  static final String REPO_CONFIG = "repo-config-service";

  static final List<String> ALL = List.of(GATEWAY, SYNC, SCANNING, SECRETS, REPO_CONFIG);

  private ServiceNames() {}
}

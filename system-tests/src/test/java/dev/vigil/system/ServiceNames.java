package dev.vigil.system;

import java.util.List;

/** The five services, in start order (the gateway first: backends fetch its keys). */
public final class ServiceNames {

  public static final String GATEWAY = "gateway-service";
  public static final String SYNC = "sync-service";
  public static final String SCANNING = "scanning-service";
  public static final String SECRETS = "secrets-service";
  public static final String REPO_CONFIG = "repo-config-service";

  public static final List<String> ALL = List.of(GATEWAY, SYNC, SCANNING, SECRETS, REPO_CONFIG);

  private ServiceNames() {}
}

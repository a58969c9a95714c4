package dev.vigil.secrets.service;

import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretScanner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Scans documents with the engine and counts the call; the documents are not kept. */
@ApplicationScoped
public class ScanService {

  private final SecretScanner engine = SecretScanner.standard();
  private final ScanQuota quota;

  public ScanService(ScanQuota quota) {
    this.quota = quota;
  }

  public List<List<Finding>> scan(UUID tenant, List<String> documents) {
    quota.record(tenant);
    return documents.stream().map(engine::scan).toList();
  }
}

package dev.vigil.secrets.service;

import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.domain.TenantScanner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Scans documents with the engine and the tenant's custom patterns, and counts the call; the
 * documents are not kept.
 */
@ApplicationScoped
public class ScanService {

  private final ScanQuota quota;
  private final CustomPatternService customPatterns;

  public ScanService(ScanQuota quota, CustomPatternService customPatterns) {
    this.quota = quota;
    this.customPatterns = customPatterns;
  }

  public List<List<Finding>> scan(UUID tenant, List<String> documents) {
    quota.record(tenant);
    TenantScanner scanner = customPatterns.scannerFor(tenant);
    return documents.stream().map(scanner::scan).toList();
  }
}

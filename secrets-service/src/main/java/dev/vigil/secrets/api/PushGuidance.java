package dev.vigil.secrets.api;

import dev.vigil.secrets.service.PushProtectionService.Blocked;
import dev.vigil.secrets.service.PushProtectionService.Location;
import dev.vigil.secrets.service.PushProtectionService.Verdict;

/**
 * The check's answer for a pre-receive hook: a first line {@code allowed} or {@code blocked}, then
 * what the developer sees on a refused push (git prefixes each line with {@code remote:}).
 */
final class PushGuidance {

  private PushGuidance() {}

  static String text(Verdict verdict) {
    if (verdict.allowed()) {
      return "allowed\n";
    }
    StringBuilder out = new StringBuilder("blocked\n");
    String ref = verdict.ref() == null ? "this push" : verdict.ref();
    out.append("error: push protection (Vigil) refused ")
        .append(ref)
        .append(" of ")
        .append(verdict.repository())
        .append('\n');
    out.append("\n");
    out.append("  The push contains secrets. Remove them before pushing again:\n");
    for (Blocked b : verdict.blocked()) {
      out.append("\n");
      out.append("  -- ").append(b.displayName()).append(" (").append(b.tokenType()).append(")\n");
      out.append("     locations:\n");
      for (Location l : b.locations()) {
        out.append("       - commit: ").append(shortSha(l.commit())).append('\n');
        out.append("         path: ").append(l.path()).append(':').append(l.line()).append('\n');
      }
      out.append("     placeholder_id: ").append(b.placeholderId()).append('\n');
    }
    out.append("\n");
    out.append("  To remove a secret, rewrite the commits that add it (git commit --amend, or\n");
    out.append("  git rebase -i <base>) and push again.\n");
    out.append(
        "  If a secret is safe to push, record a bypass with its placeholder_id and a reason\n");
    out.append("  (false_positive, used_in_tests or will_fix_later), then push again:\n");
    out.append("    curl -X POST \"$VIGIL_URL/v1/push-protection/bypasses\" \\\n");
    out.append(
        "      -H \"Authorization: Bearer $VIGIL_TOKEN\" -H \"Content-Type: application/json\" \\\n");
    out.append("      -d '{\"repository\":\"")
        .append(verdict.repository())
        .append("\",\"placeholder_id\":\"<placeholder_id>\",\"reason\":\"used_in_tests\"}'\n");
    return out.toString();
  }

  private static String shortSha(String sha) {
    if (sha == null) {
      return "(unknown)";
    }
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }
}

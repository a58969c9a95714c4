package dev.vigil.secrets.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.secrets.persistence.IncidentQueries.SourceRow;
import dev.vigil.secrets.persistence.IncidentRow;
import dev.vigil.secrets.persistence.OccurrenceRow;
import dev.vigil.secrets.service.IncidentLifecycle;
import dev.vigil.secrets.service.IncidentReads.Occurrences;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** GitGuardian's JSON for incidents, occurrences and share links, field for field. */
final class IncidentJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private IncidentJson() {}

  /**
   * {@code incidentWithoutOccurrences} ({@code occurrences} null), or {@code incident} with them.
   *
   * @param base the public base URL ({@code scheme://host}), for the incident's addresses
   */
  static ObjectNode incident(IncidentRow row, Occurrences occurrences, String base) {
    ObjectNode json = NODES.objectNode();
    json.put("id", row.id());
    json.put("date", time(row.date()));
    ObjectNode detector = json.putObject("detector");
    detector.put("name", row.detectorName());
    detector.put("display_name", row.detectorDisplayName());
    detector.put("nature", row.detectorNature());
    detector.put("family", row.detectorFamily());
    detector.put("detector_group_name", row.detectorGroupName());
    detector.put("detector_group_display_name", row.detectorGroupDisplayName());
    json.put("secret_hash", row.secretHash());
    json.put("gitguardian_url", base + "/v1/incidents/secrets/" + row.id());
    json.put("regression", row.regression());
    json.put("status", row.status());
    putLong(json, "assignee_id", row.assigneeId());
    json.put("assignee_email", row.assigneeEmail());
    json.put("occurrences_count", row.occurrencesCount());
    if (occurrences == null) {
      json.putNull("occurrences");
    } else {
      ArrayNode list = json.putArray("occurrences");
      for (OccurrenceRow o : occurrences.rows()) {
        list.add(occurrence(o, occurrences));
      }
    }
    json.put("ignore_reason", row.ignoreReason());
    json.put("ignored_at", time(row.ignoredAt()));
    putLong(json, "ignorer_id", row.ignorerId());
    json.put("ignorer_api_token_id", uuid(row.ignorerApiTokenId()));
    putLong(json, "resolver_id", row.resolverId());
    json.put("resolver_api_token_id", uuid(row.resolverApiTokenId()));
    json.put("secret_revoked", row.secretRevoked());
    json.put("severity", row.severity());
    json.put("validity", row.validity());
    json.put("resolved_at", time(row.resolvedAt()));
    if (shared(row)) {
      json.put("share_url", shareUrl(base, row.shareToken()));
    }
    ArrayNode tags = json.putArray("tags");
    row.tags().forEach(tags::add);
    return json;
  }

  static ObjectNode occurrence(OccurrenceRow o, Occurrences context) {
    ObjectNode json = NODES.objectNode();
    json.put("id", o.id());
    json.put("incident_id", o.incidentId());
    json.put("kind", o.kind());
    json.put("sha", o.commitSha());
    SourceRow source = context.sources().get(o.sourceId());
    json.set("source", source(source, context.counts().get(o.sourceId())));
    json.put("author_name", o.authorName() == null ? "" : o.authorName());
    json.put("author_info", o.authorEmail() == null ? "" : o.authorEmail());
    json.put("date", time(o.date()));
    json.put("presence", o.presence());
    json.put("url", occurrenceUrl(o));
    ArrayNode matches = json.putArray("matches");
    ObjectNode match = matches.addObject();
    match.put("name", o.matchName());
    match.put("indice_start", o.startOffset());
    match.put("indice_end", o.endOffset());
    match.putNull("pre_line_start");
    match.putNull("pre_line_end");
    match.put("post_line_start", o.line());
    match.put("post_line_end", o.line());
    json.put("filepath", o.path());
    return json;
  }

  static ObjectNode share(IncidentLifecycle.Share share, String base) {
    ObjectNode json = NODES.objectNode();
    json.put("share_url", shareUrl(base, share.token()));
    json.put("incident_id", share.incident().id());
    json.put("feedback_collection", share.feedback());
    json.put("auto_healing", share.autoHealing());
    json.put("token", share.token().toString());
    json.put("expire_at", time(share.expireAt()));
    json.putNull("revoked_at");
    return json;
  }

  static ObjectNode detail(String message) {
    return NODES.objectNode().put("detail", message);
  }

  private static ObjectNode source(SourceRow source, long[] counts) {
    ObjectNode json = NODES.objectNode();
    json.put("id", source == null ? 0 : source.id());
    String name = source == null ? "" : source.fullName();
    String kind = source == null ? "repository" : source.kind();
    json.put("url", sourceUrl(kind, name));
    json.put("type", kind.equals("repository") ? "github" : kind);
    json.put("full_name", name);
    json.put("health", counts != null && counts[0] > 0 ? "at_risk" : "safe");
    json.put("open_incidents_count", counts == null ? 0 : counts[0]);
    json.put("closed_incidents_count", counts == null ? 0 : counts[1]);
    json.put("visibility", "private");
    return json;
  }

  private static String sourceUrl(String kind, String fullName) {
    if (!fullName.isEmpty() && !kind.equals("detection_rules")) {
      return "https://github.com/" + fullName;
    }
    return "urn:vigil:" + kind + (fullName.isEmpty() ? "" : ":" + fullName);
  }

  private static String occurrenceUrl(OccurrenceRow o) {
    if (o.repository().isEmpty() || o.commitSha().isEmpty()) {
      return "";
    }
    return "https://github.com/"
        + o.repository()
        + "/blob/"
        + o.commitSha()
        + "/"
        + URLEncoder.encode(o.path(), StandardCharsets.UTF_8)
            .replace("%2F", "/")
            .replace("+", "%20")
        + "#L"
        + o.line();
  }

  private static boolean shared(IncidentRow row) {
    return row.shareToken() != null
        && (row.shareExpireAt() == null || row.shareExpireAt().isAfter(Instant.now()));
  }

  private static String shareUrl(String base, UUID token) {
    return base + "/share/incidents/" + token;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String uuid(UUID id) {
    return id == null ? null : id.toString();
  }

  private static void putLong(ObjectNode json, String field, Long value) {
    if (value == null) {
      json.putNull(field);
    } else {
      json.put(field, value);
    }
  }
}

package dev.vigil.sync.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds repository zips in GitHub's zipball layout (or at the root) for the tests. */
public final class RepoZips {

  private RepoZips() {}

  /** GitHub's layout: everything under {@code owner-repo-<sha>/}, the folder entry first. */
  public static byte[] zipball(Map<String, String> files) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String top = "acme-detections-0123456789abcdef0123456789abcdef01234567/";
    entries.put(top, null);
    files.forEach((path, text) -> entries.put(top + path, text.getBytes(StandardCharsets.UTF_8)));
    return zip(entries);
  }

  /** GitHub's zipball of a commit: folder {@code owner-repo-<short sha>}, the sha as comment. */
  public static byte[] githubZipball(String ownerRepo, String sha, Map<String, String> files) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String top = ownerRepo.replace('/', '-') + "-" + sha.substring(0, 7) + "/";
    entries.put(top, null);
    files.forEach((path, text) -> entries.put(top + path, text.getBytes(StandardCharsets.UTF_8)));
    return zip(entries, sha);
  }

  /** A zip with exactly these entries (a null content is a directory entry). */
  public static byte[] zip(Map<String, byte[]> entries) {
    return zip(entries, null);
  }

  private static byte[] zip(Map<String, byte[]> entries, String comment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      if (comment != null) {
        zip.setComment(comment);
      }
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        if (entry.getValue() != null) {
          zip.write(entry.getValue());
        }
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

package dev.vigil.sync.domain.repo;

import dev.vigil.sync.domain.rules.RuleValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads the YAML files of a repository zip, in GitHub's zipball layout (one top-level folder named
 * {@code owner-repo-sha}) or with paths at the root as a working-tree zip has them. Nothing is
 * written to disk and only YAML entries are inflated. Refused: more than {@link #MAX_ENTRIES}
 * entries, unsafe paths (absolute, {@code ..}, backslashes, drive letters), zip bombs (declared or
 * actual size and compression ratio). Symbolic links are never followed: they are skipped.
 */
public final class ZipballReader {

  public static final int MAX_ENTRIES = 5_000;
  public static final long MAX_DECLARED_BYTES = 512L * 1024 * 1024;
  public static final long MAX_INFLATED_BYTES = 64L * 1024 * 1024;
  public static final int MAX_RATIO = 200;
  private static final int MAX_PATH_LENGTH = 1024;
  private static final int RATIO_FLOOR_BYTES = 64 * 1024;
  private static final Pattern ZIPBALL_ROOT = Pattern.compile("[^/]+-[0-9a-f]{7,40}");

  private ZipballReader() {}

  /**
   * Reads a zip file.
   *
   * @param forceTopFolder strip the single top-level folder whatever its name (an archive fetched
   *     from GitHub); otherwise only a folder named like a zipball's is stripped
   */
  public static RepositorySnapshot read(Path zipFile, boolean forceTopFolder)
      throws ArchiveException {
    try (ZipFile zip = ZipFile.builder().setPath(zipFile).get()) {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
      if (entries.size() > MAX_ENTRIES) {
        throw new ArchiveException(
            "zip has " + entries.size() + " entries; at most " + MAX_ENTRIES + " are accepted");
      }
      long declared = 0;
      for (ZipArchiveEntry entry : entries) {
        checkPath(entry.getName());
        long size = entry.getSize();
        if (size > 0) {
          declared += size;
          if (size > RATIO_FLOOR_BYTES
              && size / Math.max(1, entry.getCompressedSize()) > MAX_RATIO) {
            throw new ArchiveException(
                "zip entry "
                    + printable(entry.getName())
                    + " has a compression ratio above "
                    + MAX_RATIO);
          }
        }
      }
      if (declared > MAX_DECLARED_BYTES) {
        throw new ArchiveException(
            "zip expands to more than " + MAX_DECLARED_BYTES / (1024 * 1024) + " MiB");
      }
      String prefix = topFolder(entries, forceTopFolder);
      Map<String, String> yaml = new TreeMap<>();
      List<String> oversize = new ArrayList<>();
      long inflated = 0;
      for (ZipArchiveEntry entry : entries) {
        if (entry.isDirectory() || entry.isUnixSymlink()) {
          continue;
        }
        String path = entry.getName().substring(prefix.length());
        String lower = path.toLowerCase(Locale.ROOT);
        if (path.isEmpty() || !(lower.endsWith(".yml") || lower.endsWith(".yaml"))) {
          continue;
        }
        byte[] bytes = readBounded(zip, entry, RuleValidator.MAX_RULE_BYTES + 1);
        inflated += bytes.length;
        if (inflated > MAX_INFLATED_BYTES) {
          throw new ArchiveException(
              "YAML files in the zip exceed " + MAX_INFLATED_BYTES / (1024 * 1024) + " MiB");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length > RuleValidator.MAX_RULE_BYTES) {
          if (text.contains(RuleValidator.SCHEMA_HEADER)) {
            oversize.add(path);
          }
          continue;
        }
        yaml.put(path, text);
      }
      return new RepositorySnapshot(Collections.unmodifiableMap(yaml), List.copyOf(oversize));
    } catch (IOException e) {
      throw new ArchiveException("not a readable zip archive");
    } catch (IllegalArgumentException e) {
      throw new ArchiveException("not a readable zip archive");
    }
  }

  private static byte[] readBounded(ZipFile zip, ZipArchiveEntry entry, int limit)
      throws IOException, ArchiveException {
    long compressed = Math.max(1, entry.getCompressedSize());
    try (InputStream in = zip.getInputStream(entry)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
      byte[] buffer = new byte[16 * 1024];
      int total = 0;
      while (total < limit) {
        int n = in.read(buffer, 0, Math.min(buffer.length, limit - total));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        total += n;
        if (total > RATIO_FLOOR_BYTES && total / compressed > MAX_RATIO) {
          throw new ArchiveException(
              "zip entry "
                  + printable(entry.getName())
                  + " has a compression ratio above "
                  + MAX_RATIO);
        }
      }
      return out.toByteArray();
    }
  }

  private static void checkPath(String name) throws ArchiveException {
    if (name.isEmpty()
        || name.length() > MAX_PATH_LENGTH
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0
        || (name.length() > 1 && name.charAt(1) == ':')) {
      throw new ArchiveException("zip entry has an unsafe path: " + printable(name));
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        throw new ArchiveException("zip entry has an unsafe path: " + printable(name));
      }
    }
  }

  private static String printable(String name) {
    String cleaned = name.replaceAll("[\\p{Cntrl}]", "?");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) + "…" : cleaned;
  }

  private static String topFolder(List<ZipArchiveEntry> entries, boolean force) {
    String top = null;
    for (ZipArchiveEntry entry : entries) {
      String name = entry.getName();
      int slash = name.indexOf('/');
      if (slash <= 0) {
        return "";
      }
      String first = name.substring(0, slash);
      if (top == null) {
        top = first;
      } else if (!top.equals(first)) {
        return "";
      }
    }
    if (top == null || !(force || ZIPBALL_ROOT.matcher(top).matches())) {
      return "";
    }
    return top + "/";
  }
}

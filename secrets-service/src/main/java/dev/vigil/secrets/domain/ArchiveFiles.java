package dev.vigil.secrets.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Walks the text files of a repository archive (a GitHub zipball: one top-level folder, the commit
 * SHA as the archive comment) without extracting anything to disk. Bounded: entry count, bytes read
 * in total, each entry's compression ratio (a zip bomb rejects the archive), each file's size (a
 * larger file is skipped); a path that climbs out of the archive (zip slip) rejects it. Binary
 * files (a NUL byte in the first 8000 bytes) are skipped.
 */
public final class ArchiveFiles {

  /** The archive broke a limit or is malformed; the message names the limit, never content. */
  public static final class Rejected extends Exception {
    public Rejected(String message) {
      super(message, null, false, false);
    }
  }

  /** The walk's limits. */
  public record Limits(int maxEntries, int maxFileBytes, long maxTotalBytes, int maxRatio) {}

  /** One text file: its path inside the repository and its content. */
  public record TextFile(String path, String content) {}

  /** Receives each text file in archive order. */
  @FunctionalInterface
  public interface Visitor {
    void file(TextFile file) throws Rejected;
  }

  /** What the walk saw. */
  public record Summary(String commitSha, int filesScanned, int filesSkipped) {}

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  /** Ratios are only judged on entries larger than this: tiny files compress oddly. */
  private static final long RATIO_FLOOR = 64 * 1024;

  private ArchiveFiles() {}

  /** The commit SHA GitHub writes as the archive comment, or null. */
  public static String commitSha(Path archive) throws Rejected {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      String comment = zip.getComment();
      return comment != null && SHA.matcher(comment.strip()).matches() ? comment.strip() : null;
    } catch (ZipException e) {
      throw new Rejected("the archive is not a valid zip file");
    } catch (IOException e) {
      throw new Rejected("the archive could not be read");
    }
  }

  /** Visits every text file; throws {@link Rejected} as soon as the archive breaks a limit. */
  public static Summary walk(Path archive, Limits limits, Visitor visitor) throws Rejected {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      if (zip.size() > limits.maxEntries()) {
        throw new Rejected("the archive has more than " + limits.maxEntries() + " entries");
      }
      String comment = zip.getComment();
      String sha =
          comment != null && SHA.matcher(comment.strip()).matches() ? comment.strip() : null;
      long total = 0;
      int scanned = 0;
      int skipped = 0;
      int entries = 0;
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (++entries > limits.maxEntries()) {
          throw new Rejected("the archive has more than " + limits.maxEntries() + " entries");
        }
        String path = repositoryPath(entry.getName());
        if (entry.isDirectory() || path.isEmpty()) {
          continue;
        }
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size > RATIO_FLOOR && compressed > 0 && size / compressed > limits.maxRatio()) {
          throw new Rejected("an entry's compression ratio exceeds " + limits.maxRatio());
        }
        if (size > limits.maxFileBytes()) {
          skipped++;
          continue;
        }
        byte[] bytes = read(zip, entry, limits.maxFileBytes());
        if (bytes == null) {
          skipped++; // it declared a small size and inflated past it: not scanned
          continue;
        }
        total += bytes.length;
        if (total > limits.maxTotalBytes()) {
          throw new Rejected("the archive holds more than " + limits.maxTotalBytes() + " bytes");
        }
        if (compressed > 0
            && bytes.length > RATIO_FLOOR
            && bytes.length / compressed > limits.maxRatio()) {
          throw new Rejected("an entry's compression ratio exceeds " + limits.maxRatio());
        }
        String text = text(bytes);
        if (text == null) {
          skipped++;
          continue;
        }
        scanned++;
        visitor.file(new TextFile(path, text));
      }
      return new Summary(sha, scanned, skipped);
    } catch (ZipException e) {
      throw new Rejected("the archive is not a valid zip file");
    } catch (IOException e) {
      throw new Rejected("the archive could not be read");
    }
  }

  /**
   * The path inside the repository: the archive's top-level folder removed. A name that is
   * absolute, uses backslashes or climbs with {@code ..} rejects the archive (zip slip).
   */
  static String repositoryPath(String name) throws Rejected {
    if (name.startsWith("/")
        || name.contains("\\")
        || name.contains("\0")
        || name.matches("^[A-Za-z]:.*")) {
      throw new Rejected("the archive holds an unsafe path");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        throw new Rejected("the archive holds an unsafe path");
      }
    }
    int slash = name.indexOf('/');
    return slash < 0 ? "" : name.substring(slash + 1);
  }

  /** Up to {@code max} bytes of the entry; null when it holds more. */
  private static byte[] read(ZipFile zip, ZipEntry entry, int max) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = in.readNBytes(max + 1);
      return bytes.length > max ? null : bytes;
    }
  }

  /** The file as UTF-8 text (malformed bytes replaced); null for a binary file (a NUL byte). */
  static String text(byte[] bytes) {
    int probe = Math.min(bytes.length, 8000);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        return null;
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

package dev.vigil.secrets.detect;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The detection engine. One Aho-Corasick pass ({@link KeywordAutomaton}) over the (ASCII
 * lower-cased) text finds every detector keyword; each hit opens a window around it, overlapping
 * windows of one detector merge, and only then does the detector's RE2J pattern run, on those
 * windows alone. Matches are validated, overlapping findings resolved (a provider's own detector
 * beats a generic one) and positions converted to GitGuardian's code-point indices and 1-based
 * lines.
 *
 * <p>Thread-safe and allocation-light: build one per catalogue and share it.
 */
public final class SecretScanner {

  private static final SecretScanner STANDARD = new SecretScanner(DetectorCatalogue.all());

  /** Characters of context on each side of a match that validators see. */
  private static final int CONTEXT = 160;

  private final List<Detector> detectors;
  private final KeywordAutomaton keywords;

  public SecretScanner(List<Detector> detectors) {
    this.detectors = List.copyOf(detectors);
    Map<String, List<Integer>> byKeyword = new TreeMap<>();
    for (int id = 0; id < this.detectors.size(); id++) {
      for (String keyword : this.detectors.get(id).keywords()) {
        byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(id);
      }
    }
    Map<String, int[]> table = new HashMap<>();
    byKeyword.forEach(
        (k, ids) -> table.put(k, ids.stream().mapToInt(Integer::intValue).distinct().toArray()));
    keywords = new KeywordAutomaton(new TreeMap<>(table));
  }

  /** The engine with every detector of {@link DetectorCatalogue}. */
  public static SecretScanner standard() {
    return STANDARD;
  }

  public List<Detector> detectors() {
    return detectors;
  }

  /** Every secret in {@code text}, in document order. */
  public List<Finding> scan(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    Windows[] windows = collectWindows(text);
    List<Raw> raws = new ArrayList<>();
    for (int id = 0; id < windows.length; id++) {
      if (windows[id] != null) {
        windows[id].flush();
        runPattern(id, text, windows[id], raws);
      }
    }
    if (raws.isEmpty()) {
      return List.of();
    }
    return position(text, resolveOverlaps(raws));
  }

  private Windows[] collectWindows(String text) {
    int n = text.length();
    char[] lower = new char[n];
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      lower[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    Windows[] windows = new Windows[detectors.size()];
    keywords.scan(
        lower,
        (int begin, int end, int[] ids) -> {
          for (int id : ids) {
            Detector d = detectors.get(id);
            if (!precheck(d, lower, begin, end)) {
              continue;
            }
            int start;
            int stop;
            if (d.multiline()) {
              start = Math.max(0, begin - d.before());
              stop = Math.min(n, end + d.after());
            } else {
              start = begin;
              int limit = Math.max(0, begin - d.before());
              while (start > limit && lower[start - 1] != '\n') {
                start--;
              }
              stop = end;
              int max = Math.min(n, end + d.after());
              while (stop < max && lower[stop] != '\n') {
                stop++;
              }
            }
            Windows w = windows[id];
            if (w == null) {
              w = windows[id] = new Windows();
            }
            w.add(start, stop);
          }
        });
    return windows;
  }

  private static final boolean[] TOKEN_CHARS = new boolean[128];

  static {
    String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/=.~%";
    for (int i = 0; i < chars.length(); i++) {
      TOKEN_CHARS[chars.charAt(i)] = true;
    }
  }

  /** Cheap checks that spare the pattern most keyword hits in ordinary code and prose. */
  private static boolean precheck(Detector d, char[] lower, int begin, int end) {
    if (d.minRun() > 0) {
      int limit = Math.min(lower.length, begin + d.minRun());
      if (limit - begin < d.minRun()) {
        return false;
      }
      for (int i = begin; i < limit; i++) {
        char c = lower[i];
        if (c >= 128 || !TOKEN_CHARS[c]) {
          return false;
        }
      }
    }
    if (d.needsAssignment()) {
      int limit = Math.min(lower.length, end + 48);
      for (int i = end; i < limit; i++) {
        char c = lower[i];
        if (c == '=' || c == ':' || c == '>' || c == ',') {
          return true;
        }
        if (c == '\n') {
          return false;
        }
      }
      return false;
    }
    return true;
  }

  private void runPattern(int id, String text, Windows windows, List<Raw> out) {
    Detector detector = detectors.get(id);
    int groups = detector.pattern().groupCount();
    for (int w = 0; w < windows.size; w += 2) {
      int base = windows.bounds[w];
      String window = text.substring(base, windows.bounds[w + 1]);
      Matcher m = detector.pattern().matcher(window);
      int from = 0;
      while (from <= window.length() && m.find(from)) {
        List<String> values = new ArrayList<>(groups);
        for (int g = 1; g <= groups; g++) {
          values.add(m.group(g));
        }
        if (detector.validator().accept(values, context(text, base, m, groups))) {
          int[] spans = new int[groups * 2];
          for (int g = 1; g <= groups; g++) {
            spans[2 * (g - 1)] = m.start(g) < 0 ? -1 : base + m.start(g);
            spans[2 * (g - 1) + 1] = m.end(g) < 0 ? -1 : base + m.end(g);
          }
          out.add(new Raw(id, detector, values, spans));
        }
        // Continue after the secret itself, not after trailing context the pattern consumed.
        int next = m.end();
        for (int g = groups; g >= 1; g--) {
          if (m.end(g) >= 0) {
            next = m.end(g);
            break;
          }
        }
        from = Math.max(next, m.start() + 1);
      }
    }
  }

  /** The text around a match (a few lines' worth), for validators that look at context. */
  private static String context(String text, int base, Matcher m, int groups) {
    int start = base + m.start();
    int end = base + m.end();
    for (int g = 1; g <= groups; g++) {
      if (m.start(g) >= 0) {
        start = Math.min(start, base + m.start(g));
        end = Math.max(end, base + m.end(g));
      }
    }
    return text.substring(Math.max(0, start - CONTEXT), Math.min(text.length(), end + CONTEXT));
  }

  /**
   * Drops duplicates and findings overlapped by a stronger one: a specific detector beats a generic
   * one; among equals, the finding whose spans cover the other's wins.
   */
  private static List<Raw> resolveOverlaps(List<Raw> raws) {
    raws.sort(
        Comparator.comparingInt(Raw::start)
            .thenComparing(Comparator.comparingInt(Raw::end).reversed())
            .thenComparingInt(Raw::id));
    boolean[] dropped = new boolean[raws.size()];
    for (int i = 0; i < raws.size(); i++) {
      Raw a = raws.get(i);
      for (int j = i + 1; j < raws.size() && raws.get(j).start() < a.end(); j++) {
        Raw b = raws.get(j);
        if (dropped[j] || dropped[i] || !a.overlaps(b)) {
          continue;
        }
        int strength = Integer.compare(a.rank(), b.rank());
        if (strength > 0 || (strength == 0 && a.covers(b))) {
          dropped[j] = true;
        } else if (strength < 0 || b.covers(a)) {
          dropped[i] = true;
        }
      }
    }
    List<Raw> kept = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      if (!dropped[i]) {
        kept.add(raws.get(i));
      }
    }
    return kept;
  }

  /** Converts UTF-16 offsets to code-point indices and line numbers in one walk. */
  private static List<Finding> position(String text, List<Raw> raws) {
    int count = 0;
    for (Raw r : raws) {
      count += r.spans().length;
    }
    int[] offsets = new int[count];
    int k = 0;
    for (Raw r : raws) {
      for (int s = 0; s < r.spans().length; s += 2) {
        offsets[k++] = r.spans()[s];
        offsets[k++] = r.spans()[s + 1] - 1; // inclusive end
      }
    }
    int[] sorted = Arrays.stream(offsets).filter(o -> o >= 0).distinct().sorted().toArray();
    int[] codePoint = new int[sorted.length];
    int[] line = new int[sorted.length];
    int cp = 0;
    int ln = 1;
    int pos = 0;
    for (int i = 0; i < sorted.length; i++) {
      while (pos < sorted[i]) {
        char c = text.charAt(pos);
        if (c == '\n') {
          ln++;
        }
        if (!(Character.isLowSurrogate(c)
            && pos > 0
            && Character.isHighSurrogate(text.charAt(pos - 1)))) {
          cp++;
        }
        pos++;
      }
      boolean lowHalf =
          Character.isLowSurrogate(text.charAt(pos))
              && pos > 0
              && Character.isHighSurrogate(text.charAt(pos - 1));
      codePoint[i] = lowHalf ? cp - 1 : cp;
      line[i] = ln;
    }
    List<Finding> findings = new ArrayList<>(raws.size());
    for (Raw r : raws) {
      List<SecretMatch> matches = new ArrayList<>();
      List<String> types = r.detector().matchTypes();
      for (int g = 0; g < types.size(); g++) {
        int start = r.spans()[2 * g];
        if (start < 0) {
          continue;
        }
        int last = r.spans()[2 * g + 1] - 1;
        int a = Arrays.binarySearch(sorted, start);
        int b = Arrays.binarySearch(sorted, last);
        matches.add(
            new SecretMatch(
                types.get(g), r.values().get(g), codePoint[a], codePoint[b], line[a], line[b]));
      }
      findings.add(new Finding(r.detector(), matches));
    }
    return findings;
  }

  /** Merged [start, stop) windows of one detector, in text order. */
  private static final class Windows {
    int[] bounds = new int[8];
    int size;
    int start = -1;
    int stop = -1;

    void add(int s, int e) {
      if (start >= 0 && s <= stop) {
        start = Math.min(start, s);
        stop = Math.max(stop, e);
        return;
      }
      flush();
      start = s;
      stop = e;
    }

    void flush() {
      if (start < 0) {
        return;
      }
      if (size == bounds.length) {
        bounds = Arrays.copyOf(bounds, size * 2);
      }
      bounds[size++] = start;
      bounds[size++] = stop;
      start = -1;
    }
  }

  private record Raw(int id, Detector detector, List<String> values, int[] spans) {

    int start() {
      int min = Integer.MAX_VALUE;
      for (int s = 0; s < spans.length; s += 2) {
        if (spans[s] >= 0) {
          min = Math.min(min, spans[s]);
        }
      }
      return min;
    }

    int end() {
      int max = -1;
      for (int s = 1; s < spans.length; s += 2) {
        max = Math.max(max, spans[s]);
      }
      return max;
    }

    int rank() {
      return detector.generic() ? 0 : 1;
    }

    boolean overlaps(Raw other) {
      for (int s = 0; s < spans.length; s += 2) {
        for (int t = 0; t < other.spans.length; t += 2) {
          if (spans[s] >= 0
              && other.spans[t] >= 0
              && spans[s] < other.spans[t + 1]
              && other.spans[t] < spans[s + 1]) {
            return true;
          }
        }
      }
      return false;
    }

    /** Every span of {@code other} lies inside one of this finding's spans. */
    boolean covers(Raw other) {
      for (int t = 0; t < other.spans.length; t += 2) {
        if (other.spans[t] < 0) {
          continue;
        }
        boolean inside = false;
        for (int s = 0; s < spans.length && !inside; s += 2) {
          inside =
              spans[s] >= 0 && spans[s] <= other.spans[t] && other.spans[t + 1] <= spans[s + 1];
        }
        if (!inside) {
          return false;
        }
      }
      return true;
    }
  }
}

package dev.vigil.secrets.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every occurrence of a set of keywords in one pass: an Aho-Corasick automaton compiled to a full
 * transition table over the keywords' own alphabet, so each character of the text costs one table
 * lookup and never a walk along failure links.
 *
 * <p>Why not a general-purpose Aho-Corasick library: the engine's profile spent three quarters of
 * its time in the library's per-character state search (failure-link walks over a double-array trie
 * indexed by full UTF-16 code units). Keywords use a few dozen distinct characters; every other
 * character of the text leads back to the root, which a dense table over those few classes answers
 * directly.
 */
final class KeywordAutomaton {

  /** Receives one keyword occurrence: {@code [begin, end)} in the text and the keyword's ids. */
  @FunctionalInterface
  interface Hit {
    void found(int begin, int end, int[] ids);
  }

  /** Character to column; 0 is every character that appears in no keyword. */
  private final char[] classOf = new char[Character.MAX_VALUE + 1];

  private final int classes;

  /** {@code next[state * classes + class]}: the full transition function. */
  private final int[] next;

  /** Keywords ending at each state (its own and its failure chain's), as keyword indices. */
  private final int[][] endingAt;

  private final int[] keywordLength;
  private final int[][] keywordIds;

  /**
   * @param keywords each keyword (already lower-cased) with the ids to report for it
   */
  KeywordAutomaton(Map<String, int[]> keywords) {
    int columns = 1;
    for (String keyword : keywords.keySet()) {
      for (int i = 0; i < keyword.length(); i++) {
        char c = keyword.charAt(i);
        if (classOf[c] == 0) {
          classOf[c] = (char) columns++;
        }
      }
    }
    classes = columns;

    // The trie, with per-state child tables as it grows.
    List<int[]> children = new ArrayList<>();
    List<List<Integer>> ending = new ArrayList<>();
    children.add(new int[classes]);
    ending.add(new ArrayList<>());
    keywordLength = new int[keywords.size()];
    keywordIds = new int[keywords.size()][];
    int index = 0;
    for (Map.Entry<String, int[]> entry : keywords.entrySet()) {
      String keyword = entry.getKey();
      if (keyword.isEmpty()) {
        throw new IllegalArgumentException("empty keyword");
      }
      int state = 0;
      for (int i = 0; i < keyword.length(); i++) {
        int column = classOf[keyword.charAt(i)];
        int child = children.get(state)[column];
        if (child == 0) {
          child = children.size();
          children.add(new int[classes]);
          ending.add(new ArrayList<>());
          children.get(state)[column] = child;
        }
        state = child;
      }
      ending.get(state).add(index);
      keywordLength[index] = keyword.length();
      keywordIds[index] = entry.getValue().clone();
      index++;
    }

    // Breadth first: failure links, inherited outputs and the full transition table.
    int states = children.size();
    next = new int[states * classes];
    int[] fail = new int[states];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int column = 1; column < classes; column++) {
      int child = children.get(0)[column];
      next[column] = child;
      if (child != 0) {
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      ending.get(state).addAll(ending.get(fail[state]));
      for (int column = 0; column < classes; column++) {
        int child = column == 0 ? 0 : children.get(state)[column];
        if (child != 0) {
          fail[child] = next[fail[state] * classes + column];
          next[state * classes + column] = child;
          queue.add(child);
        } else {
          next[state * classes + column] = next[fail[state] * classes + column];
        }
      }
    }
    endingAt = new int[states][];
    for (int state = 0; state < states; state++) {
      List<Integer> found = ending.get(state);
      endingAt[state] =
          found.isEmpty() ? null : found.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
  }

  /** Reports every keyword occurrence in {@code text}, in order of where they end. */
  void scan(char[] text, Hit hit) {
    int[] table = next;
    char[] columns = classOf;
    int width = classes;
    int state = 0;
    for (int i = 0; i < text.length; i++) {
      state = table[state * width + columns[text[i]]];
      int[] found = endingAt[state];
      if (found != null) {
        for (int keyword : found) {
          hit.found(i + 1 - keywordLength[keyword], i + 1, keywordIds[keyword]);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "KeywordAutomaton["
        + endingAt.length
        + " states x "
        + classes
        + " classes, "
        + Arrays.stream(keywordLength).count()
        + " keywords]";
  }
}

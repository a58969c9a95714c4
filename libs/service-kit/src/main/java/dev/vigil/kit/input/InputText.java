package dev.vigil.kit.input;

/**
 * What text a client may send. PostgreSQL refuses NUL ({@code U+0000}) in text, so a NUL anywhere
 * would fail deep in a query; no parameter (path or query) has a use for any C0 control character
 * or DEL, while body fields may carry tabs and line breaks (comments, descriptions) but never NUL.
 */
public final class InputText {

  private InputText() {}

  /** Whether {@code text} contains a NUL character. */
  public static boolean containsNul(String text) {
    return text != null && text.indexOf('\u0000') >= 0;
  }

  /** Whether {@code text} contains a C0 control character (NUL to US) or DEL. */
  public static boolean containsControl(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}

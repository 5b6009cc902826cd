package com.tradingml.core.market;

/**
 * An instrument identifier as the data source spells it ({@code IBM}, {@code BRK.B}, {@code EUR/USD}).
 *
 * <p>Immutable and thread-safe. The value is kept exactly as given: no case folding, because two
 * sources may legitimately differ in case and silently merging them would mix two series.
 */
public record Symbol(String value) implements Comparable<Symbol> {

  /** Longest accepted symbol; longer values are almost always a misparsed field. */
  public static final int MAX_LENGTH = 64;

  public Symbol {
    if (value == null) {
      throw new IllegalArgumentException("symbol must not be null");
    }
    String problem = problemWith(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  public static Symbol of(String value) {
    return new Symbol(value);
  }

  /**
   * Why {@code value} is not a valid symbol (blank, too long, holding whitespace, a control character or
   * U+FFFD, the replacement character), or {@code null} when it is. Shared by the constructor and
   * by ingestion, which must report the problem as a reason instead of throwing.
   */
  public static String problemWith(String value) {
    if (value.isBlank()) {
      return "symbol is empty or blank";
    }
    if (value.length() > MAX_LENGTH) {
      return "symbol longer than " + MAX_LENGTH + " characters: '" + value.substring(0, 16) + "...'";
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
        return "symbol contains whitespace or a control character: '" + value + "'";
      }
      if (ch == '\uFFFD') {
        // What decoding leaves of bytes that are not UTF-8 (a Latin-1 file): two different symbols
        // would collapse into one and merge their series.
        return "symbol is not valid UTF-8 (holds U+FFFD): '" + value + "'";
      }
    }
    return null;
  }

  @Override
  public int compareTo(Symbol other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

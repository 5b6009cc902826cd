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
   * Why {@code value} is not a valid symbol, or {@code null} when it is. Shared by the constructor and
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

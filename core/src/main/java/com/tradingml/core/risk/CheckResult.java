package com.tradingml.core.risk;

/**
 * The outcome of one risk check: passed or not, and why, in words with the numbers compared
 * ({@code "quantity 1001 > max 1000"}).
 *
 * <p>The reason may be given as text, or as a {@link ReasonFormat} and the numbers it formats, which
 * {@link #reason()} runs on first use ({@link #lazy}): every order runs every check, and most of those results are
 * passes that nobody reads in a backtest, so the checks hand over the numbers instead of formatting them. A format
 * must be a pure function of the values it is given (never of mutable state they refer to) and return non-blank
 * text, so that the reason is the same whenever it is asked for. Equality, hash code and {@link #toString()} are those of the check, the outcome and the reason text,
 * as for a record of the three.
 *
 * <p>Immutable and thread-safe (a reason formatted twice by racing threads is the same text; either is kept).
 */
public final class CheckResult {

  /**
   * Builds a reason from the values a check compared. Implementations are non-capturing (one shared instance per
   * kind of text, typically a method reference to a static method), so a lazy result is one object holding its
   * numbers: a backtest makes nine results per order and reads almost none.
   */
  @FunctionalInterface
  interface ReasonFormat {
    String format(long a, long b, long c, Object x);
  }

  private final RiskCheck check;
  private final boolean passed;
  private final ReasonFormat format;
  private final long a;
  private final long b;
  private final long c;
  private final Object x;
  /** The reason text once known; a benign race as in {@link String#hashCode()}: every writer writes equal text. */
  private String reason;

  public CheckResult(RiskCheck check, boolean passed, String reason) {
    if (check == null) {
      throw new IllegalArgumentException("check result needs a check");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("check result needs a reason (" + check.id() + ")");
    }
    this.check = check;
    this.passed = passed;
    this.format = null;
    this.a = 0;
    this.b = 0;
    this.c = 0;
    this.x = null;
    this.reason = reason;
  }

  private CheckResult(RiskCheck check, boolean passed, ReasonFormat format, long a, long b, long c, Object x) {
    if (check == null || format == null) {
      throw new IllegalArgumentException("check result needs a check and a reason format");
    }
    this.check = check;
    this.passed = passed;
    this.format = format;
    this.a = a;
    this.b = b;
    this.c = c;
    this.x = x;
  }

  public static CheckResult pass(RiskCheck check, String reason) {
    return new CheckResult(check, true, reason);
  }

  public static CheckResult fail(RiskCheck check, String reason) {
    return new CheckResult(check, false, reason);
  }

  /** {@link #outcome}'s shared results: for each check, its pass then its failure. */
  private static final CheckResult[] OUTCOMES = outcomes();

  private static CheckResult[] outcomes() {
    RiskCheck[] checks = RiskCheck.values();
    CheckResult[] outcomes = new CheckResult[2 * checks.length];
    for (RiskCheck check : checks) {
      outcomes[2 * check.ordinal()] = pass(check, "passed (outcome only)");
      outcomes[2 * check.ordinal() + 1] = fail(check, "failed (outcome only)");
    }
    return outcomes;
  }

  /**
   * A shared result that says only whether {@code check} passed, for a caller that reads nothing else
   * ({@link PreTradeRiskChecks} asking which checks pass before it keeps any result); never handed out.
   */
  static CheckResult outcome(RiskCheck check, boolean passed) {
    return OUTCOMES[2 * check.ordinal() + (passed ? 0 : 1)];
  }

  /**
   * A result whose reason {@code format} builds from {@code a, b, c, x} when first asked for; see the class
   * documentation for what a format must guarantee (a pure function of these values, non-blank text).
   */
  static CheckResult lazy(RiskCheck check, boolean passed, ReasonFormat format, long a, long b, long c, Object x) {
    return new CheckResult(check, passed, format, a, b, c, x);
  }


  public RiskCheck check() {
    return check;
  }

  public boolean passed() {
    return passed;
  }

  /** Why, in words; formatted on first use when the result was made {@link #lazy}. */
  public String reason() {
    String text = reason;
    if (text == null) {
      try {
        text = format.format(a, b, c, x);
      } catch (RuntimeException e) {
        text = null;
      }
      if (text == null || text.isBlank()) {
        // A format that broke its promise must not make the reason blank, nor throw where the reason is read.
        text = check.id() + (passed ? " passed" : " failed") + " (reason could not be formatted)";
      }
      reason = text;
    }
    return text;
  }

  /** The check's stable name ({@link RiskCheck#id()}). */
  public String name() {
    return check.id();
  }

  @Override
  public boolean equals(Object other) {
    return other == this || other instanceof CheckResult that && that.check == check && that.passed == passed
        && that.reason().equals(reason());
  }

  @Override
  public int hashCode() {
    return (check.hashCode() * 31 + Boolean.hashCode(passed)) * 31 + reason().hashCode();
  }

  @Override
  public String toString() {
    return check.id() + (passed ? " passed: " : " FAILED: ") + reason();
  }
}

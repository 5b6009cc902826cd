package com.tradingml.core.market;

/**
 * Why an input row did not become a bar. Every quarantined row carries exactly one reason: the first
 * check it fails. Checks run in the order of these constants: first those of the row alone (so a row
 * with a bad timestamp and a negative price is {@link #BAD_TIMESTAMP}), then those against the
 * symbol's accepted history: duplicate, order, and last the jump from the previous accepted close
 * (reported as {@link #PRICE_OUT_OF_RANGE}).
 */
public enum RejectReason {
  /** Wrong field count, an unparsable number, an unterminated quote, or a required field left empty. */
  MALFORMED_ROW,
  /** Not an ISO-8601 date-time with {@code Z} or an offset, nor a plain date; or impossible (Feb 30). */
  BAD_TIMESTAMP,
  /**
   * The symbol is empty, blank, too long, holds whitespace or control characters, or is not valid UTF-8.
   */
  EMPTY_SYMBOL,
  /** A price is NaN or infinite. */
  NON_FINITE_PRICE,
  /** A price is zero or negative. */
  NON_POSITIVE_PRICE,
  /** {@code high < low}. */
  HIGH_LT_LOW,
  /** {@code open} lies outside {@code [low, high]}. */
  OPEN_OUTSIDE_RANGE,
  /** {@code close} lies outside {@code [low, high]}. */
  CLOSE_OUTSIDE_RANGE,
  /** An absurd magnitude, or a jump from the symbol's previous accepted close beyond the allowed factor. */
  PRICE_OUT_OF_RANGE,
  /** A present volume is NaN or infinite. */
  NON_FINITE_VOLUME,
  /** A present volume is zero or negative. */
  NON_POSITIVE_VOLUME,
  /** Same symbol and timestamp as an already accepted row (in this input or in the table): the first wins. */
  DUPLICATE_TIMESTAMP,
  /** Older than the last accepted bar of its symbol in this input. */
  OUT_OF_ORDER
}

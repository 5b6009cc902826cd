package com.tradingml.core.synthetic;

/** The order in which a synthetic market emits its rows. The bars themselves do not depend on it. */
public enum RowOrder {
  /** By timestamp, then symbol: the symbols interleaved, as a real multi-symbol feed delivers them. */
  TIME_MAJOR,
  /** By symbol, then timestamp: each symbol's whole series in turn. */
  SYMBOL_MAJOR
}

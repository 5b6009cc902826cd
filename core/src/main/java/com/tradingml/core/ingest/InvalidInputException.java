package com.tradingml.core.ingest;

/**
 * The input as a whole cannot be read as bars (no header, unknown columns, unreadable file): the run
 * stops before committing anything and the CLI exits with code 2. Problems of single rows never throw;
 * they are quarantined with a {@link com.tradingml.core.market.RejectReason}.
 */
public class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}

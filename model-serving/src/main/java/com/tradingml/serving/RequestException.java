package com.tradingml.serving;

/**
 * A request the service refuses, as an HTTP status, a stable error code and a message (naming the field at
 * fault where there is one). Thrown only on the way in, before anything changes; the handler turns it into a
 * JSON error body. No stack trace: it is a value on an expected path, not a bug.
 */
final class RequestException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final String field;

  RequestException(int status, String error, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
  }

  /** 400 {@code invalid_request}: {@code field} (a JSON path such as {@code bar.close}) and what is wrong. */
  static RequestException invalid(String field, String problem) {
    return new RequestException(400, "invalid_request", field, field == null ? problem : field + ": " + problem);
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  /** The JSON path of the offending field, or null. */
  String field() {
    return field;
  }
}

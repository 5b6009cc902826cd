package com.tradingml.serving;

import java.io.IOException;

/**
 * The client's side of a request failed while the handler read it: the body stopped arriving (408) or its framing was
 * malformed (400). An {@link IOException}, because it comes out of the request body's stream; the handler answers it
 * with its status and closes the connection, never with a 500.
 */
final class ClientRequestException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  ClientRequestException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }
}

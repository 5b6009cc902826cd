package com.tradingml.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseParserTest {

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Feeds the response one byte at a time; returns the index of the byte that completed it, or -1. */
  private static int feedBytewise(HttpResponseParser parser, String response) {
    for (int i = 0; i < response.length(); i++) {
      if (parser.feed(bytes(response.substring(i, i + 1)))) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void shouldCompleteAFixedLengthResponseAtItsLastByteHoweverItIsSplit() {
    String response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
    HttpResponseParser parser = new HttpResponseParser();

    assertThat(feedBytewise(parser, response)).isEqualTo(response.length() - 1);
    assertThat(parser.status()).isEqualTo(200);
    assertThat(parser.connectionClose()).isFalse();
  }

  @Test
  void shouldSkipChunksAndTrailers() {
    String response = "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + "5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";
    HttpResponseParser parser = new HttpResponseParser();

    assertThat(feedBytewise(parser, response)).isEqualTo(response.length() - 1);
    assertThat(parser.status()).isEqualTo(503);
    assertThat(parser.connectionClose()).isTrue();
  }

  @Test
  void shouldStopAtTheEndOfOneResponseAndParseTheNextAfterReset() {
    String one = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    String two = "HTTP/1.1 204 No Content\r\n\r\n";
    ByteBuffer both = bytes(one + two);
    HttpResponseParser parser = new HttpResponseParser();

    assertThat(parser.feed(both)).isTrue();
    assertThat(both.position()).isEqualTo(one.length());
    parser.reset();
    assertThat(parser.feed(both)).isTrue();
    assertThat(parser.status()).isEqualTo(204);
    assertThat(both.hasRemaining()).isFalse();
  }

  @Test
  void shouldWaitForTheRestOfAPartialResponse() {
    HttpResponseParser parser = new HttpResponseParser();

    assertThat(parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"))).isFalse();
    assertThat(parser.feed(bytes("6789"))).isFalse();
    assertThat(parser.feed(bytes("0"))).isTrue();
  }

  @Test
  void shouldRejectWhatIsNotAnHttpResponse() {
    assertThatThrownBy(() -> new HttpResponseParser().feed(bytes("SSH-2.0-OpenSSH\r\n")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new HttpResponseParser().feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
        + "\r\nzz\r\n"))).hasMessageContaining("chunk size");
  }
}

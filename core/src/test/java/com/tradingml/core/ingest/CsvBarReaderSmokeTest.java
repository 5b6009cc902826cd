package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.market.RejectReason;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvBarReaderSmokeTest {

  private final List<String> kept = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();

  private void read(String csv) throws Exception {
    new CsvBarReader("test.csv", new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE))
        .read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), new BarRowSink() {
          @Override
          public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
              double volume) {
            kept.add(symbol + "@" + epochMicros + ":" + close);
          }

          @Override
          public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
            rejected.add(lineNumber + ":" + reason);
          }
        });
  }

  @Test
  void shouldKeepValidRowsAndQuarantineHighBelowLow() throws Exception {
    read("timestamp,symbol,open,high,low,close,volume\r\n"
        + "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100\r\n"
        + "2024-01-03T00:00:00Z,IBM,10,9,11,10.5,100\r\n");
    assertThat(kept).containsExactly("IBM@1704153600000000:10.5");
    assertThat(rejected).containsExactly("3:HIGH_LT_LOW");
  }
}

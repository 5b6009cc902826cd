package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.policy.PositionMode;
import com.tradingml.storage.objectstore.LocalDirectoryObjectStore;
import com.tradingml.storage.objectstore.ObjectInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same backtest twice gives byte-identical outputs. */
class ReproducibilityTest {

  private static BacktestConfig config() {
    return BacktestConfig.builder().commission(CommissionModel.bps(2.5)).slippage(SlippageModel.bps(1))
        .participationCap(0.05).build();
  }

  private static RunInfo info() {
    return RunInfo.builder().snapshot("bars.synthetic", "5129384756").label("dataset", "synthetic")
        .codeVersion("abc1234").build();
  }

  private static BacktestResult run() {
    // A fresh data set, strategy and config each time: nothing is shared between the two runs.
    return BacktestEngine.run(TestData.synthetic(4, 3_000, "1m", 21),
        SmaCrossover.of(8, 40, 3000, PositionMode.LONG_SHORT), config(), info());
  }

  @Test
  void shouldWriteByteIdenticalFilesForTheSameBacktestTwice() {
    BacktestResult first = run();
    BacktestResult second = run();

    Map<String, byte[]> a = BacktestWriter.files(first);
    Map<String, byte[]> b = BacktestWriter.files(second);

    assertThat(a.keySet()).containsExactly("trades.csv", "equity.csv", "fills.csv", "rejections.csv",
        "report.html", "summary.json");
    for (String name : a.keySet()) {
      assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
    }
    assertThat(first.runId()).isEqualTo(second.runId()).matches("bt-[0-9a-f]{16}");
    // Not vacuous: trades, partial fills and rejections are all in there.
    assertThat(first.closedTrades()).hasSizeGreaterThan(50);
    assertThat(first.rejections()).extracting(OrderRejection::reason).contains(OrderRejection.PARTICIPATION_CAP);
    assertThat(first.feesMicros()).isPositive();
  }

  @Test
  void shouldDeriveADifferentRunIdFromDifferentInputs() {
    BacktestResult base = run();
    BacktestResult otherCode = BacktestEngine.run(TestData.synthetic(4, 3_000, "1m", 21),
        SmaCrossover.of(8, 40, 3000, PositionMode.LONG_SHORT), config(),
        RunInfo.builder().snapshot("bars.synthetic", "5129384756").label("dataset", "synthetic")
            .codeVersion("def5678").build());

    assertThat(otherCode.runId()).isNotEqualTo(base.runId());
    assertThat(BacktestWriter.files(otherCode).get("trades.csv")).isEqualTo(BacktestWriter.files(base)
        .get("trades.csv"));
  }

  @Test
  void shouldStoreTheSameBytesUnderBacktestsRunIdInTheObjectStoreAndADirectory(@TempDir Path temp) throws Exception {
    BacktestResult result = run();
    LocalDirectoryObjectStore store = new LocalDirectoryObjectStore(temp.resolve("store"));

    String prefix = BacktestWriter.write(result, store);
    Map<String, Path> local = BacktestWriter.write(result, temp.resolve("report"));

    assertThat(prefix).isEqualTo("backtests/" + result.runId() + "/");
    assertThat(store.list(prefix)).extracting(ObjectInfo::key).containsExactly(prefix + "equity.csv",
        prefix + "fills.csv", prefix + "rejections.csv", prefix + "report.html", prefix + "summary.json",
        prefix + "trades.csv");
    Map<String, byte[]> files = BacktestWriter.files(result);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      assertThat(store.getBytes(prefix + file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
      assertThat(Files.readAllBytes(local.get(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
    }
    try (var listing = Files.list(temp.resolve("report"))) {
      assertThat(listing.map(p -> p.getFileName().toString())).doesNotContain(".summary.json.tmp").hasSize(6);
    }
  }
}

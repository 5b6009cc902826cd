package com.tradingml.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, JSON summaries, and ingest/export round trips. */
class PipelineCliTest {

  private static final Path BUNDLED = Path.of("..", "data", "dj30_daily_1991_2000.csv");

  @TempDir Path home;
  private Path config;
  private final ObjectMapper json = new ObjectMapper();

  private record Result(int exitCode, String out, String err) {
    JsonNode lastJsonLine() throws Exception {
      String[] lines = out.strip().split("\n");
      return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
  }

  @BeforeEach
  void writeConfig() throws Exception {
    config = home.resolve("pipeline.properties");
    Files.writeString(config, "home=" + home.resolve("state") + "\n");
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (args.length > 0 && !args[0].equals("--help") && !args[0].equals("--version")) {
      all.add("--config");
      all.add(config.toString());
    }
    int code = PipelineCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void shouldIngestTheBundledDataAndExportTheSameRows() throws Exception {
    Result ingest = run("ingest", "--input", BUNDLED.toString(), "--dataset", "dj30", "--json");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    JsonNode summary = ingest.lastJsonLine();
    assertThat(summary.get("rowsRead").asLong()).isEqualTo(12_645);
    assertThat(summary.get("rowsKept").asLong()).isEqualTo(12_645);
    assertThat(summary.get("rowsQuarantined").asLong()).isZero();
    assertThat(summary.get("snapshotId").isNumber()).isTrue();

    Path out = home.resolve("export.csv");
    Result export = run("export", "--table", "bars", "--dataset", "dj30", "--out", out.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    List<String> exported = Files.readAllLines(out);
    List<String> original = Files.readAllLines(BUNDLED);
    assertThat(exported.get(0)).isEqualTo(original.get(0));
    assertThat(exported.subList(1, exported.size())).containsExactlyInAnyOrderElementsOf(original.subList(1, original.size()));
    assertThat(exported.subList(1, exported.size())).isSortedAccordingTo(
        (a, b) -> (a.split(",")[1] + a.split(",")[0]).compareTo(b.split(",")[1] + b.split(",")[0]));
  }

  @Test
  void shouldAddNoRowsWhenTheSameFileIsIngestedTwice() throws Exception {
    run("ingest", "--input", BUNDLED.toString(), "--dataset", "dj30");
    Result again = run("ingest", "--input", BUNDLED.toString(), "--dataset", "dj30", "--json");
    assertThat(again.exitCode()).isZero();
    assertThat(again.lastJsonLine().get("committed").asBoolean()).isFalse();
    assertThat(again.lastJsonLine().get("filesSkippedAlreadyIngested")).hasSize(1);
    Result inspect = run("data", "inspect", "--dataset", "dj30", "--json");
    assertThat(inspect.lastJsonLine().get("rows").asLong()).isEqualTo(12_645);
    assertThat(inspect.lastJsonLine().get("snapshots")).hasSize(1);
  }

  @Test
  void shouldExitWithTwoOnBadUsageAndBadInput() throws Exception {
    assertThat(run("ingest", "--dataset", "x").exitCode()).as("missing --input").isEqualTo(2);
    assertThat(run("frobnicate").exitCode()).as("unknown command").isEqualTo(2);
    Result badName = run("ingest", "--input", BUNDLED.toString(), "--dataset", "Bad-Name");
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err()).contains("dataset name must be lower-case");
    Result missing = run("ingest", "--input", home.resolve("nope.csv").toString(), "--dataset", "x");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist");

    Path bad = home.resolve("bad.csv");
    Files.writeString(bad, "timestamp,symbol,open,high,low,close,volume\n2024-01-02,IBM,1,2,0.5,1,\nnot,a,bar\n");
    Result tooBad = run("ingest", "--input", bad.toString(), "--dataset", "x");
    assertThat(tooBad.exitCode()).isEqualTo(2);
    assertThat(tooBad.err()).contains("would be quarantined").contains("nothing was committed");
  }

  /**
   * The Spark driver checks the dataset and the snapshot itself, while Spark starts: a missing one is still bad input
   * (exit 2, the reason once on stderr), not a failed application.
   */
  @Test
  void shouldExitWithTwoWhenTheFeatureJobsDatasetOrSnapshotDoesNotExist() throws Exception {
    Result noDataset = run("features", "--dataset", "nope");
    assertThat(noDataset.exitCode()).as(noDataset.err()).isEqualTo(2);
    assertThat(noDataset.err()).contains("error: no dataset 'nope' (no table bars.nope); ingest one first")
        .doesNotContain("failed");

    assertThat(run("ingest", "--input", BUNDLED.toString(), "--dataset", "dj30").exitCode()).isZero();
    Result noSnapshot = run("features", "--dataset", "dj30", "--snapshot", "123");
    assertThat(noSnapshot.exitCode()).as(noSnapshot.err()).isEqualTo(2);
    assertThat(noSnapshot.err()).contains("error: table bars.dj30 has no snapshot 123").doesNotContain("failed");
  }

  @Test
  void shouldExportTheQuarantineWithLineReasonAndRawText() throws Exception {
    Path input = home.resolve("in.csv");
    Files.writeString(input, "timestamp,symbol,open,high,low,close,volume\n"
        + "2024-01-02,IBM,1,2,0.5,1,\n2024-01-03,IBM,1,2,0.5,1,\n2024-01-04,IBM,1,2,0.5,1,\n2024-01-05,IBM,1,2,0.5,1,\n"
        + "2024-01-06,,1,2,0.5,1,\n");
    assertThat(run("ingest", "--input", input.toString(), "--dataset", "q").exitCode()).isZero();
    Path out = home.resolve("q.csv");
    assertThat(run("export", "--table", "quarantine", "--dataset", "q", "--out", out.toString()).exitCode()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith(input + ",6,EMPTY_SYMBOL,").contains("2024-01-06,,1,2,0.5,1,");
  }

  @Test
  void shouldRunTheDemoOnTheBundledData() throws Exception {
    Result demo = run("demo", "--data", BUNDLED.toString(), "--json");
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    JsonNode summary = demo.lastJsonLine();
    JsonNode real = summary.get("realData");
    assertThat(real.get("ingest.rowsKept").asLong()).isEqualTo(12_645);
    assertThat(real.get("promote.reasons").isMissingNode()).isFalse();
    JsonNode synthetic = summary.get("syntheticData");
    assertThat(synthetic.get("ingest.rowsKept").asLong()).isEqualTo(8 * 5_000);
    assertThat(synthetic.get("train.beatsBaselines").asBoolean()).isTrue();
    // Beating the Bayes-optimal accuracy of the generator by more than sampling noise would mean leakage.
    assertThat(synthetic.get("train.testAccuracy").asDouble())
        .isLessThan(synthetic.get("bayesOptimalAccuracy").asDouble() + 0.02);
    JsonNode risk = summary.at("/liveDecision/response/risk");
    assertThat(risk.get("checks")).isNotEmpty();
  }
}

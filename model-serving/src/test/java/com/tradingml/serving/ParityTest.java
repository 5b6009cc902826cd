package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import com.tradingml.core.market.Bar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train/serve parity (DESIGN.md principle 1): the features behind the service's decisions for a replayed series
 * equal, bit for bit, core's batch {@link LabeledFeatureStream} features (what the Spark job writes) after the
 * same preparation ({@link FeatureSet#prepareModelInputs}). The package's warm-up bars are the series' first bars,
 * so both sides see the whole series from its start; the decisions stream the rest, half through
 * {@code POST /v1/bars} and decisions without a bar, half as decisions carrying their bar.
 */
class ParityTest {

  @TempDir
  Path temp;

  @Test
  void shouldDecideOnExactlyTheBatchFeatures() throws Exception {
    FeatureSet set = FeatureSet.defaultSet();
    List<Bar> series = TestModels.series("ACME", TestModels.WARMUP_END.minus(TestModels.BAR.multipliedBy(39)), 240, 5,
        100.0);
    List<Bar> warmup = series.subList(0, 40);
    List<Bar> live = series.subList(40, series.size());
    Map<Long, double[]> batch = new HashMap<>();
    LabeledFeatureStream stream = new LabeledFeatureStream(set, LabelSpec.defaultSpec(),
        (micros, warm, inputs, references, f1, f5, fh, label) -> {
          double[] prepared = inputs.clone();
          set.prepareModelInputs(prepared);
          batch.put(micros, prepared);
        });
    series.forEach(b -> stream.add(b.epochMicros(), b.open(), b.high(), b.low(), b.close(), b.volume()));
    stream.finish();

    List<String> requestIds = new ArrayList<>();
    try (ServingFixture fixture = new ServingFixture(temp)) {
      fixture.publishAndPromote(TestModels.random(set, 3, warmup));
      fixture.start(fixture.config().build());
      for (int i = 0; i < live.size(); i++) {
        Bar bar = live.get(i);
        JsonNode decision;
        if (i % 2 == 0) {
          decision = fixture.decide(bar, "acct-parity", "ord-" + i, 0);
        } else {
          fixture.clock.set(bar.timestamp().plusSeconds(1));
          fixture.post("/v1/bars", ServingFixture.DECIDE_KEY, "{\"bars\":[" + ServingFixture.barJson(bar, true) + "]}");
          decision = ServingFixture.json(fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY,
              ServingFixture.decisionJson("ACME", "acct-parity", "ord-" + i, 0, null)).body());
        }
        assertThat(decision.get("features").get("barTime").asText()).isEqualTo(bar.timestamp().toString());
        requestIds.add(decision.get("requestId").asText());
      }
      fixture.server.stop();

      List<JsonNode> audited = AuditLines.read(fixture.server.audit().directory());
      assertThat(audited).hasSize(live.size());
      int compared = 0;
      for (JsonNode line : audited) {
        long micros = Bar.instantOfMicros(0).until(java.time.Instant.parse(line.get("barTime").asText()),
            java.time.temporal.ChronoUnit.MICROS);
        double[] expected = batch.get(micros);
        double[] served = new double[line.get("inputs").size()];
        for (int c = 0; c < served.length; c++) {
          served[c] = line.get("inputs").get(c).asDouble();
        }
        assertThat(served).as("features at %s", line.get("barTime").asText()).containsExactly(expected);
        assertThat(requestIds).contains(line.get("requestId").asText());
        compared++;
      }
      assertThat(compared).isEqualTo(200);
    }
  }
}

package com.tradingml.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureSetTest {

  /**
   * The pinned identity of core_v1. If this fails, a definition, parameter or description of core_v1 changed:
   * that is a new feature set (bump the version or the definitions version), never a silent edit, because
   * every model trained on core_v1 would be served different features.
   */
  private static final String CORE_V1_HASH = "caa2719208759eb4f5397eeb7c440f6a2ddd9d36057a028cf1a21b74718c0a1d";

  private static final FeatureSet CORE_V1 = FeatureSet.defaultSet();

  @Test
  void shouldPinTheHashOfCoreV1() {
    assertThat(CORE_V1.hash()).isEqualTo(CORE_V1_HASH);
  }

  @Test
  void shouldHashTheDescriptionWithSha256() throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(CORE_V1.description().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(CORE_V1.hash()).isEqualTo(java.util.HexFormat.of().formatHex(digest)).hasSize(64);
    assertThat(FeatureSet.builder("core_v1", 1).build().hash()).as("rebuilt from scratch").isEqualTo(CORE_V1_HASH);
  }

  @Test
  void shouldNameAndOrderTheCoreV1Inputs() {
    assertThat(CORE_V1.name()).isEqualTo("core_v1");
    assertThat(CORE_V1.version()).isEqualTo(1);
    assertThat(CORE_V1.inputColumns()).containsExactly("logret_1", "logret_5", "logret_20", "realized_vol_20",
        "sma_20_dist", "ema_20_dist", "rsi_14", "macd_12_26_rel", "macd_signal_9_rel", "macd_hist_rel", "bb_pct_b_20_2",
        "bb_bandwidth_20_2", "atr_14_rel", "volume_z_20", "volume_known", "range_rel", "dow_sin", "dow_cos", "tod_sin",
        "tod_cos");
    assertThat(FeatureSet.referenceColumns()).containsExactly("close", "sma_20", "ema_20", "rsi_14", "macd_12_26",
        "macd_signal_9", "bb_upper_20_2", "bb_lower_20_2", "atr_14", "logret_1");
    assertThat(CORE_V1.timeZone().getId()).isEqualTo("America/New_York");
    assertThat(CORE_V1.description()).contains("feature set core_v1, version 1, definitions 1",
        "time zone: America/New_York", "bb_pct_b_20_2", "warm-up bars: 34");
  }

  @Test
  void shouldNeedThirtyFourBarsTheMacdSignalsWarmUp() {
    assertThat(CORE_V1.warmupBars()).isEqualTo(34);
    assertThat(CORE_V1.barsNeeded("macd_signal_9_rel")).isEqualTo(26 + 9 - 1);
    assertThat(CORE_V1.barsNeeded("logret_20")).isEqualTo(21);
    assertThat(CORE_V1.barsNeeded("realized_vol_20")).isEqualTo(21);
    assertThat(CORE_V1.barsNeeded("rsi_14")).isEqualTo(15);
    assertThat(CORE_V1.barsNeeded("atr_14")).isEqualTo(14);
    assertThat(CORE_V1.barsNeeded("dow_sin")).isEqualTo(1);
    assertThatThrownBy(() -> CORE_V1.barsNeeded("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void shouldDefineEveryColumnExactlyFromItsStatedBar() {
    // Known volumes everywhere and a non-flat walk: NaN only for lack of history.
    TestBars bars = TestBars.randomWalk(3, 60, false);
    for (FeatureSet set : List.of(CORE_V1, FeatureSet.builder("wide", 1).macd(3, 50, 4).rsiBars(30).build())) {
      FeatureState state = set.newState();
      double[] inputs = new double[set.inputColumns().size()];
      double[] references = new double[FeatureSet.referenceColumns().size()];
      for (int i = 0; i < bars.size(); i++) {
        bars.feed(state, i);
        state.inputs(inputs);
        state.references(references);
        int seen = i + 1;
        for (int c = 0; c < inputs.length; c++) {
          String column = set.inputColumns().get(c);
          assertThat(Double.isNaN(inputs[c])).as("%s %s after %d bars", set.name(), column, seen)
              .isEqualTo(seen < set.barsNeeded(column));
        }
        for (int c = 0; c < references.length; c++) {
          String column = FeatureSet.referenceColumns().get(c);
          assertThat(Double.isNaN(references[c])).as("%s reference %s after %d bars", set.name(), column, seen)
              .isEqualTo(seen < set.barsNeeded(column));
        }
        assertThat(state.isWarm()).isEqualTo(seen >= set.warmupBars());
      }
    }
  }

  @Test
  void shouldChangeTheHashWhenAnyParameterOrVersionChanges() {
    FeatureSet.Builder base = CORE_V1.toBuilder();
    assertThat(base.build().hash()).isEqualTo(CORE_V1.hash());
    Map<String, FeatureSet> variants = new LinkedHashMap<>();
    variants.put("name", FeatureSet.builder("core_v1b", 1).build());
    variants.put("version", FeatureSet.builder("core_v1", 2).build());
    variants.put("definitions", CORE_V1.toBuilder().definitionsVersion(2).build());
    variants.put("zone", CORE_V1.toBuilder().timeZone("Europe/London").build());
    variants.put("lags", CORE_V1.toBuilder().logReturnLags(1, 5, 21).build());
    variants.put("fewer lags", CORE_V1.toBuilder().logReturnLags(1, 5).build());
    variants.put("realized vol", CORE_V1.toBuilder().realizedVolBars(21).build());
    variants.put("sma", CORE_V1.toBuilder().smaBars(21).build());
    variants.put("ema", CORE_V1.toBuilder().emaBars(21).build());
    variants.put("rsi", CORE_V1.toBuilder().rsiBars(15).build());
    variants.put("macd fast", CORE_V1.toBuilder().macd(13, 26, 9).build());
    variants.put("macd slow", CORE_V1.toBuilder().macd(12, 27, 9).build());
    variants.put("macd signal", CORE_V1.toBuilder().macd(12, 26, 10).build());
    variants.put("bollinger bars", CORE_V1.toBuilder().bollinger(21, 2.0).build());
    variants.put("bollinger width", CORE_V1.toBuilder().bollinger(20, 2.5).build());
    variants.put("atr", CORE_V1.toBuilder().atrBars(15).build());
    variants.put("volume z", CORE_V1.toBuilder().volumeZBars(21).build());
    Set<String> hashes = new HashSet<>();
    hashes.add(CORE_V1.hash());
    variants.forEach((what, set) -> {
      assertThat(set.hash()).as("changed %s", what).isNotEqualTo(CORE_V1.hash());
      assertThat(set).as("changed %s", what).isNotEqualTo(CORE_V1);
      hashes.add(set.hash());
    });
    assertThat(hashes).as("all distinct").hasSize(variants.size() + 1);
    assertThat(variants.get("bollinger width").inputColumns()).contains("bb_pct_b_20_2p5", "bb_bandwidth_20_2p5");
  }

  @Test
  void shouldKnowCoreV1ByNameAndListTheKnownNamesOtherwise() {
    assertThat(FeatureSet.named("core_v1")).isSameAs(FeatureSet.defaultSet());
    assertThat(FeatureSet.knownNames()).containsExactly("core_v1", "core_v1_utc");
    assertThat(FeatureSet.named("core_v1_utc").timeZone().normalized()).isEqualTo(java.time.ZoneOffset.UTC);
    assertThat(FeatureSet.named("core_v1_utc").inputColumns()).isEqualTo(FeatureSet.defaultSet().inputColumns());
    assertThat(FeatureSet.named("core_v1_utc").hash()).isNotEqualTo(FeatureSet.defaultSet().hash());
    assertThatThrownBy(() -> FeatureSet.named("core_v2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("core_v2").hasMessageContaining("core_v1");
  }

  @Test
  void shouldImputeOnlyAnUnknownVolumeZScoreForModelInputs() {
    double[] inputs = new double[CORE_V1.inputColumns().size()];
    java.util.Arrays.fill(inputs, 0.5);
    inputs[CORE_V1.inputIndex("volume_z_20")] = Double.NaN;
    assertThat(CORE_V1.prepareModelInputs(inputs)).isTrue();
    assertThat(inputs[CORE_V1.inputIndex("volume_z_20")]).isZero();
    inputs[CORE_V1.inputIndex("rsi_14")] = Double.NaN;
    assertThat(CORE_V1.prepareModelInputs(inputs)).isFalse();
    assertThat(inputs[CORE_V1.inputIndex("rsi_14")]).isNaN();
  }

  @Test
  void shouldRefuseInvalidParametersNamingTheValue() {
    assertThatThrownBy(() -> FeatureSet.builder("Bad Name", 1).build()).hasMessageContaining("Bad Name");
    assertThatThrownBy(() -> FeatureSet.builder("ok", 0).build()).hasMessageContaining("version");
    assertThatThrownBy(() -> CORE_V1.toBuilder().macd(26, 12, 9).build()).hasMessageContaining("fast 26");
    assertThatThrownBy(() -> CORE_V1.toBuilder().logReturnLags(5, 1).build()).hasMessageContaining("[5, 1]");
    assertThatThrownBy(() -> CORE_V1.toBuilder().logReturnLags().build()).hasMessageContaining("lag");
    assertThatThrownBy(() -> CORE_V1.toBuilder().realizedVolBars(1).build()).hasMessageContaining("got 1");
    assertThatThrownBy(() -> CORE_V1.toBuilder().bollinger(20, Double.NaN).build()).hasMessageContaining("NaN");
    assertThatThrownBy(() -> CORE_V1.toBuilder().smaBars(FeatureSet.MAX_BARS + 1).build())
        .hasMessageContaining("10001");
    assertThatThrownBy(() -> CORE_V1.toBuilder().timeZone("Mars/Olympus").build())
        .hasMessageContaining("Mars/Olympus");
  }

  @Test
  void shouldComputeSharedAndSeparateReferenceIndicatorsAlike() {
    // A set whose own parameters differ from the references' keeps separate reference indicators; its
    // references must equal core_v1's on the same bars.
    FeatureSet other = CORE_V1.toBuilder().smaBars(7).emaBars(9).rsiBars(5).macd(3, 8, 4).bollinger(11, 1.5)
        .atrBars(6).build();
    TestBars bars = TestBars.randomWalk(5, 500, true);
    FeatureState a = CORE_V1.newState();
    FeatureState b = other.newState();
    double[] ra = new double[FeatureSet.referenceColumns().size()];
    double[] rb = new double[ra.length];
    for (int i = 0; i < bars.size(); i++) {
      bars.feed(a, i);
      bars.feed(b, i);
      a.references(ra);
      b.references(rb);
      assertThat(rb).as("bar %d", i).containsExactly(ra);
    }
  }
}

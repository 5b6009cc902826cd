package com.tradingml.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {

  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  @Test
  void shouldWriteTheSameBytesWhateverTheInputOrder() {
    Map<String, String> metadataOneWay = new LinkedHashMap<>();
    metadataOneWay.put("seed", "42");
    metadataOneWay.put("feature-set", "fs1");
    Map<String, String> metadataOtherWay = new LinkedHashMap<>();
    metadataOtherWay.put("feature-set", "fs1");
    metadataOtherWay.put("seed", "42");
    Manifest one = new Manifest("m", 3, "ci", List.of(new Manifest.Artifact("z.bin", SHA_A, 1),
        new Manifest.Artifact("a.bin", SHA_B, 2)), metadataOneWay);
    Manifest other = new Manifest("m", 3, "ci", List.of(new Manifest.Artifact("a.bin", SHA_B, 2),
        new Manifest.Artifact("z.bin", SHA_A, 1)), metadataOtherWay);

    assertThat(one.toJson()).isEqualTo(other.toJson());
    assertThat(one.sha256()).isEqualTo(other.sha256());
    assertThat(one.artifacts()).extracting(Manifest.Artifact::name).containsExactly("a.bin", "z.bin");
    assertThat(Manifest.parse(one.toJson())).isEqualTo(one);
  }

  @Test
  void shouldRejectManifestsThatAreNotExactlyTheFormat() {
    String valid = new String(new Manifest("m", 1, "ci", List.of(new Manifest.Artifact("a.bin", SHA_A, 5)),
        Map.of()).toJson(), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parse(valid.replace("\"actor\"", "\"extra\" : 1, \"actor\"")))
        .hasMessageContaining("unknown field 'extra'");
    assertThatThrownBy(() -> parse(valid.replace(Manifest.FORMAT, "other/9"))).hasMessageContaining("format");
    assertThatThrownBy(() -> parse(valid.replace("a.bin", "../a.bin"))).hasMessageContaining("'../a.bin'");
    assertThatThrownBy(() -> parse(valid.replace(SHA_A, "A".repeat(64)))).hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> parse(valid.replace("\"size\" : 5", "\"size\" : \"5\""))).hasMessageContaining("size");
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> parse("{")).hasMessageContaining("not valid JSON");
  }

  @Test
  void shouldRejectArtifactNamesThatCollideIgnoringCase() {
    assertThatThrownBy(() -> new Manifest("m", 1, "ci", List.of(new Manifest.Artifact("a.bin", SHA_A, 1),
        new Manifest.Artifact("A.bin", SHA_B, 1)), Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unique ignoring case");
  }

  @Test
  void shouldBoundTheMetadataItStoresInTheDatabase() {
    assertThatThrownBy(() -> Manifest.metadataJson(Map.of("notes", "x".repeat(70_000))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata too large");
  }

  private static Manifest parse(String json) {
    return Manifest.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}

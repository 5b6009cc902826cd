package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ModelPackageTest {

  @TempDir
  Path temp;

  static List<String> files() {
    return ModelPackage.FILES;
  }

  @Test
  void shouldRoundTripEveryFileBitForBit() throws Exception {
    ModelPackage model = PackageFixture.get();
    Map<String, Path> written = model.write(temp.resolve("a"));

    ModelPackage read = ModelPackage.read(temp.resolve("a"));

    assertThat(written.keySet()).containsExactlyElementsOf(ModelPackage.FILES);
    long[] expectedBits = bits(model.params());
    assertThat(bits(read.params())).containsExactly(expectedBits);
    assertThat(read.networkJson()).isEqualTo(model.networkJson());
    assertThat(read.normalizer()).isEqualTo(model.normalizer());
    assertThat(read.features()).isEqualTo(model.features());
    assertThat(read.label()).isEqualTo(model.label());
    assertThat(read.card()).isEqualTo(model.card());
    assertThat(read.warmupBars()).isEqualTo(model.warmupBars());
    assertThat(read.golden()).isEqualTo(model.golden());
    read.write(temp.resolve("b"));
    for (String file : ModelPackage.FILES) {
      assertThat(Files.readAllBytes(temp.resolve("b").resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(temp.resolve("a").resolve(file)));
    }
    assertThat(read.sha256()).isEqualTo(model.sha256());
  }

  @Test
  void shouldWriteTheDocumentedFormats() throws Exception {
    ModelPackage model = PackageFixture.get();
    Path dir = temp.resolve("p");
    model.write(dir);

    assertThat(Files.readString(dir.resolve(ModelPackage.WARMUP_BARS)))
        .startsWith("timestamp,symbol,open,high,low,close,volume\n2024-03-01T14:30:00.123456Z,ACME,100,")
        .contains(",\"BRK,B\",");
    assertThat(Files.readString(dir.resolve(ModelPackage.FEATURES))).contains("\"hash\" : \"" + FeatureSet.defaultSet().hash());
    assertThat(Files.readString(dir.resolve(ModelPackage.LABEL))).contains("\"classes\" : [ \"DOWN\", \"FLAT\", \"UP\" ]");
    assertThat(Files.readString(dir.resolve(ModelPackage.CARD))).startsWith("{\n  \"baselines\"").doesNotContain("\r");
    assertThat(model.card()).containsEntry("seed", 42);
    assertThat(model.warmupBarsBySymbol()).hasSize(2);
    assertThat(model.registryMetadata()).containsEntry("format", ModelPackage.FORMAT)
        .containsEntry("feature_set_hash", FeatureSet.defaultSet().hash())
        .containsEntry("network", TestModels.defaultInputs() + " inputs -> dense 64 relu -> dense 32 relu -> dense 3 softmax");
  }

  @Test
  void shouldLoadWithMatchingDigestsAndPredictLikeTheOriginal() {
    ModelPackage model = PackageFixture.get();
    Path dir = temp.resolve("p");
    model.write(dir);

    ModelPackage read = ModelPackage.readVerified(dir, model.sha256());

    double[][] inputs = TestModels.inputs(5, 20, read.predictor().inputSize());
    double[] a = new double[3];
    double[] b = new double[3];
    for (double[] row : inputs) {
      model.predictor().predict(row, a);
      read.predictor().predict(row, b);
      assertThat(b).containsExactly(a);
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void shouldRefuseAFlippedByteInEachFileNamingItAndBothDigests(String file) throws Exception {
    ModelPackage model = PackageFixture.get();
    Path dir = temp.resolve("p");
    model.write(dir);
    Map<String, String> digests = model.sha256();
    Path target = dir.resolve(file);
    byte[] bytes = Files.readAllBytes(target);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(target, bytes);

    assertThatThrownBy(() -> ModelPackage.readVerified(dir, digests))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith(file + ": SHA-256 mismatch: expected " + digests.get(file) + ", found "
            + ModelPackage.sha256(bytes))
        .extracting(e -> ((ModelPackageException) e).file().orElseThrow()).isEqualTo(file);
  }

  @Test
  void shouldRefuseAFileWithoutAnExpectedDigest() {
    ModelPackage model = PackageFixture.get();
    Path dir = temp.resolve("p");
    model.write(dir);
    Map<String, String> digests = new HashMap<>(model.sha256());
    digests.remove(ModelPackage.GOLDEN);

    assertThatThrownBy(() -> ModelPackage.readVerified(dir, digests))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("golden.json: no expected SHA-256");
  }

  @Test
  void shouldRefuseAMissingFile() throws Exception {
    Path dir = temp.resolve("p");
    PackageFixture.get().write(dir);
    Files.delete(dir.resolve(ModelPackage.LABEL));

    assertThatThrownBy(() -> ModelPackage.read(dir)).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("label.json: missing from");
  }

  @Test
  void shouldDetectTamperedParamsWhoseDigestWasAlsoForgedThroughTheGoldenRows() throws Exception {
    ModelPackage model = PackageFixture.get();
    Path dir = temp.resolve("p");
    model.write(dir);
    double[] params = model.params();
    params[7] += 0.05; // one weight of the first layer
    byte[] tampered = ParameterFile.encode(params);
    Files.write(dir.resolve(ModelPackage.PARAMS), tampered);
    Map<String, String> forged = new LinkedHashMap<>(model.sha256());
    forged.put(ModelPackage.PARAMS, ModelPackage.sha256(tampered));

    assertThatThrownBy(() -> ModelPackage.readVerified(dir, forged))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("golden.json: the loaded model does not reproduce its golden outputs: row ")
        .hasMessageContaining("DL4J gave")
        .hasMessageContaining("refusing the model");
  }

  @Test
  void shouldDetectGoldenRowsThatNoLongerMatch() throws Exception {
    Path dir = temp.resolve("p");
    PackageFixture.get().write(dir);
    Path golden = dir.resolve(ModelPackage.GOLDEN);
    String json = Files.readString(golden);
    // Change the first expected probability's leading digits: 0.xyz -> a different value.
    int at = json.indexOf("\"probabilities\" : [ ") + "\"probabilities\" : [ ".length();
    String tampered = json.substring(0, at) + "0.999" + json.substring(json.indexOf(',', at));
    Files.writeString(golden, tampered);

    assertThatThrownBy(() -> ModelPackage.read(dir)).isInstanceOf(ModelPackageException.class)
        .hasMessageContaining("row 0, class 0: expected 0.999");
  }

  @Test
  void shouldRefuseInconsistentFiles() throws Exception {
    Path dir = temp.resolve("p");
    PackageFixture.get().write(dir);
    Path label = dir.resolve(ModelPackage.LABEL);
    Files.writeString(label, Files.readString(label).replace("\"UP\" ]", "\"UP\", \"MOON\" ]"));

    assertThatThrownBy(() -> ModelPackage.read(dir)).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("label.json: names 4 classes");

    Path dir2 = temp.resolve("q");
    PackageFixture.get().write(dir2);
    Path normalizer = dir2.resolve(ModelPackage.NORMALIZER);
    Files.writeString(normalizer, Files.readString(normalizer).replace("\"logret_1\"", "\"logret_2\""));
    assertThatThrownBy(() -> ModelPackage.read(dir2)).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("normalizer.json: columns");
  }

  @Test
  void shouldParseStrictly() throws Exception {
    Path dir = temp.resolve("p");
    PackageFixture.get().write(dir);
    Path features = dir.resolve(ModelPackage.FEATURES);
    String json = Files.readString(features);
    Files.writeString(features, json.replace("\"version\" : 1,", "\"version\" : 1, \"extra\" : true,"));
    assertThatThrownBy(() -> ModelPackage.read(dir)).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("features.json: fields must be exactly");

    Files.writeString(features, json.replace("\"version\" : 1,", "\"version\" : 1, \"version\" : 2,"));
    assertThatThrownBy(() -> ModelPackage.read(dir)).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("features.json: is not valid JSON").hasMessageContaining("Duplicate field");

    Files.writeString(features, json);
    Path normalizer = dir.resolve(ModelPackage.NORMALIZER);
    String text = Files.readString(normalizer);
    Files.writeString(normalizer, text.replaceFirst("\"std\" : \\[ [^,]+,", "\"std\" : [ NaN,"));
    assertThatThrownBy(() -> ModelPackage.read(dir)).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("normalizer.json: is not valid JSON");

    Files.writeString(normalizer, text);
    Path bars = dir.resolve(ModelPackage.WARMUP_BARS);
    Files.writeString(bars, Files.readString(bars) + "2024-03-01T14:30:00Z,ACME,10,9,11,10,5\n");
    assertThatThrownBy(() -> ModelPackage.read(dir)).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("warmup-bars.csv: line 82 is not a valid bar (HIGH_LT_LOW");
  }

  @Test
  void shouldNeverOverwriteAPackage() {
    Path dir = temp.resolve("p");
    PackageFixture.get().write(dir);
    assertThatThrownBy(() -> PackageFixture.get().write(dir)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists already");
  }

  @Test
  void shouldRefuseNetworksThatAreNotSoftmaxClassifiers() {
    MultiLayerNetwork identityOutput = TestModels.network(1,
        new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(),
        new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(3).activation(Activation.IDENTITY).build());
    assertThatThrownBy(() -> builder(identityOutput, 3).build()).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("network.json: the output activation is IDENTITY");
  }

  @Test
  void shouldRefuseUnsupportedLayersAtBuildTime() {
    MultiLayerNetwork elu = TestModels.network(1,
        new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.ELU).build(),
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3).activation(Activation.SOFTMAX).build());
    assertThatThrownBy(() -> builder(elu, 3).build()).isInstanceOf(ModelPackageException.class)
        .hasMessageContaining("activation ActivationELU is not supported");
  }

  @Test
  void shouldRefuseMismatchedShapes() {
    MultiLayerNetwork network = TestModels.network(1,
        new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.RELU).build(),
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2).activation(Activation.SOFTMAX).build());
    assertThatThrownBy(() -> builder(network, 3).build()).isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("label.json: names 3 classes");
    assertThatThrownBy(() -> builder(network, 3).label(new LabelDefinition(LabelSpec.defaultSpec(), List.of("DOWN", "UP")))
        .normalizer(InputNormalizer.identity(5)).build())
        .isInstanceOf(ModelPackageException.class).hasMessage("normalizer.json: has 5 columns but features.json lists 3 inputs");
    assertThatThrownBy(() -> builder(network, 3).label(new LabelDefinition(LabelSpec.defaultSpec(), List.of("DOWN", "UP")))
        .goldenInputs(new double[][] {{1, Double.NaN, 3}}).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("golden inputs must be finite");
  }

  @Test
  void shouldTellWhenServedWithOtherFeatures() {
    FeatureSpec spec = PackageFixture.get().features();
    FeatureSet variant = FeatureSet.builder("core_v1", 2).smaBars(30).build();
    spec.requireSameAs(FeatureSet.defaultSet());
    assertThatThrownBy(() -> spec.requireSameAs(variant)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trained on feature set core_v1 v1");
  }

  private static ModelPackage.Builder builder(MultiLayerNetwork network, int inputs) {
    List<String> columns = FeatureSet.defaultSet().inputColumns().subList(0, inputs);
    return ModelPackage.builder()
        .network(network)
        .normalizer(InputNormalizer.identity(inputs))
        .features(new FeatureSpec("test", 1, "0".repeat(64), columns))
        .label(LabelDefinition.of(LabelSpec.defaultSpec()))
        .goldenInputs(TestModels.inputs(1, 3, inputs));
  }

  private static long[] bits(double[] values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    return bits;
  }
}

package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md M4: the guard rejects a crafted serialized object before its readObject can run, for any
 * ObjectInputStream in the process (DL4J's ModelSerializer included), and a crafted model package fails
 * with a clear error without any deserialization. The guard is installed for this whole test JVM by
 * {@link GuardInstallingSessionListener}; the control experiment and the install variants run in child JVMs.
 */
class SerializationGuardTest {

  @TempDir
  Path temp;

  @BeforeEach
  void resetGadget() {
    Gadget.READS.set(0);
  }

  static byte[] serialized(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  static Gadget gadget() {
    Gadget gadget = new Gadget();
    gadget.put("payload", "calc.exe");
    return gadget;
  }

  @Test
  void shouldBeInstalledForTheWholeTestJvm() {
    assertThat(SerializationGuard.isInstalled()).isTrue();
    SerializationGuard.install(); // idempotent
    assertThat(SerializationGuard.isInstalled()).isTrue();
    assertThat(SerializationGuard.ALLOWED_CLASSES).isEmpty();
  }

  @Test
  void shouldRejectTheGadgetBeforeItsReadObjectRunsOnAnyObjectInputStream() throws Exception {
    byte[] payload = serialized(gadget());
    long before = SerializationGuard.rejections();

    assertThatThrownBy(() -> new ObjectInputStream(new ByteArrayInputStream(payload)).readObject())
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("REJECTED");

    assertThat(Gadget.READS).hasValue(0);
    assertThat(SerializationGuard.rejections()).isGreaterThan(before);
    assertThat(SerializationGuard.recentRejections()).contains("class " + Gadget.class.getName());
  }

  @Test
  void shouldRejectEvenWhenAStreamSetsAPermissiveFilterOfItsOwn() throws Exception {
    byte[] payload = serialized(gadget());
    ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload));
    in.setObjectInputFilter(info -> ObjectInputFilter.Status.ALLOWED);

    assertThatThrownBy(in::readObject).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
    assertThat(Gadget.READS).hasValue(0);
  }

  @Test
  void shouldRejectPlainJdkClassesAndArraysToo() throws Exception {
    for (Object value : List.of(new HashMap<>(Map.of("a", "b")), new ArrayList<>(List.of(1)), new byte[] {1, 2},
        (Serializable) Integer.valueOf(7))) {
      byte[] payload = serialized(value);
      assertThatThrownBy(() -> new ObjectInputStream(new ByteArrayInputStream(payload)).readObject())
          .as(value.getClass().getName())
          .isInstanceOf(InvalidClassException.class);
    }
  }

  @Test
  void shouldRejectTheGadgetInsideADl4jModelSerializerArchive() throws Exception {
    MultiLayerNetwork network = TestModels.defaultShaped(3);
    File archive = temp.resolve("model.zip").toFile();
    ModelSerializer.writeModel(network, archive, true);
    ModelSerializer.addObjectToFile(archive, "gadget", gadget()); // DL4J stores it with ObjectOutputStream

    assertThatThrownBy(() -> ModelSerializer.getObjectFromFile(archive, "gadget"))
        .hasStackTraceContaining("REJECTED");
    assertThat(Gadget.READS).hasValue(0);
  }

  @Test
  void shouldRefuseAPackageWhoseParamsAreAJavaSerializedObjectWithoutDeserializingIt() throws Exception {
    Path dir = writePackage();
    Files.write(dir.resolve(ModelPackage.PARAMS), serialized(gadget()));
    long before = SerializationGuard.rejections();

    assertThatThrownBy(() -> ModelPackage.read(dir))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("params.bin: not a TMLP parameter file")
        .hasMessageContaining("Java serialization stream");
    assertThat(Gadget.READS).hasValue(0);
    assertThat(SerializationGuard.rejections()).as("nothing even tried to deserialize it").isEqualTo(before);
  }

  @Test
  void shouldRefuseAPackageWhoseFilesAreDl4jModelSerializerArchives() throws Exception {
    Path archive = temp.resolve("model.zip");
    ModelSerializer.writeModel(TestModels.defaultShaped(3), archive.toFile(), true);
    ModelSerializer.addObjectToFile(archive.toFile(), "gadget", gadget());
    byte[] zip = Files.readAllBytes(archive);
    long before = SerializationGuard.rejections();

    Path asParams = writePackage();
    Files.write(asParams.resolve(ModelPackage.PARAMS), zip);
    assertThatThrownBy(() -> ModelPackage.read(asParams))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("params.bin: not a TMLP parameter file: it is a zip archive");

    Path asNetwork = writePackage();
    Files.write(asNetwork.resolve(ModelPackage.NETWORK), zip);
    assertThatThrownBy(() -> ModelPackage.read(asNetwork))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("network.json: is not valid JSON");

    assertThat(Gadget.READS).hasValue(0);
    assertThat(SerializationGuard.rejections()).isEqualTo(before);
  }

  @Test
  void shouldRefuseANetworkJsonNamingAClassOutsideDl4j() throws Exception {
    Path dir = writePackage();
    Path network = dir.resolve(ModelPackage.NETWORK);
    String json = Files.readString(network);
    Files.writeString(network, json.replaceFirst("org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU",
        Gadget.class.getName()));

    assertThatThrownBy(() -> ModelPackage.read(dir))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageStartingWith("network.json: \"@class\" at $.confs[0].layer.activationFn names " + Gadget.class.getName());
    assertThat(Gadget.READS).hasValue(0);
  }

  @Test
  void shouldLoadAndPredictThroughDl4jWithoutAnyDeserialization() throws Exception {
    long before = SerializationGuard.rejections();
    Path dir = writePackage();
    ModelPackage model = ModelPackage.readVerified(dir, ModelPackage.read(dir).sha256());
    double[] out = new double[3];
    model.dl4jPredictor().predict(new double[TestModels.defaultInputs()], out);
    model.predictor().predict(new double[TestModels.defaultInputs()], out);
    // DL4J's own archive format, written and restored, needs none either (no normalizer stored).
    Path archive = temp.resolve("roundtrip.zip");
    ModelSerializer.writeModel(model.network(), archive.toFile(), true);
    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(archive.toFile(), true);

    assertThat(restored.params().toDoubleVector()).containsExactly(model.params());
    assertThat(SerializationGuard.rejections()).isEqualTo(before);
  }

  // ------------------------------------------------------------------------------------ child JVMs

  @Test
  void controlTheGadgetRunsInAJvmWithoutTheGuard() throws Exception {
    String output = probe("unguarded");
    assertThat(output).contains(Gadget.MARKER).contains("DESERIALIZED " + Gadget.class.getName());
  }

  @Test
  void shouldRejectTheGadgetInAChildJvmThatInstallsTheGuard() throws Exception {
    String output = probe("install");
    assertThat(output).contains("GUARD-INSTALLED=true").contains("FAILED java.io.InvalidClassException: filter status:"
        + " REJECTED").contains("REJECTIONS=1").doesNotContain(Gadget.MARKER);
  }

  @Test
  void shouldRejectTheGadgetInAChildJvmEvenWithAPermissiveStreamFilter() throws Exception {
    String output = probe("install-permissive-stream");
    assertThat(output).contains("FAILED java.io.InvalidClassException: filter status: REJECTED")
        .doesNotContain(Gadget.MARKER);
  }

  @Test
  void shouldGuardAChildJvmStartedWithTheFilterFactoryProperty() throws Exception {
    String output = probe("property", "-Djdk.serialFilterFactory=" + SerializationGuard.FilterFactory.class.getName());
    assertThat(output).contains("GUARD-INSTALLED=true").contains("REJECTED").doesNotContain(Gadget.MARKER);
  }

  @Test
  void shouldFailLoudlyWhenInstalledAfterAStreamExisted() throws Exception {
    String output = probe("install-too-late");
    assertThat(output).contains("FAILED java.lang.IllegalStateException: cannot install the deserialization guard")
        .contains("-Djdk.serialFilterFactory=" + SerializationGuard.FilterFactory.class.getName())
        .doesNotContain(Gadget.MARKER);
  }

  private Path writePackage() {
    Path dir = temp.resolve("package-" + System.nanoTime());
    PackageFixture.get().write(dir);
    return dir;
  }

  private String probe(String mode, String... jvmOptions) throws Exception {
    Path payload = temp.resolve("payload-" + mode + ".ser");
    Files.write(payload, serialized(gadget()));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(testClassPath());
    command.add(GuardProbe.class.getName());
    command.add(mode);
    command.add(payload.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }

  /** The test class path (surefire puts it in a property; java.class.path may be a manifest-only jar). */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}

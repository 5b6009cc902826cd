package com.tradingml.model.runtime;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A trained model as one directory of files, each of which becomes a registry artifact (DESIGN.md
 * {@code models/<name>/<version>/}):
 * <ul>
 *   <li>{@value #NETWORK}: the DL4J {@code MultiLayerConfiguration} as JSON ({@code conf.toJson()});
 *   <li>{@value #PARAMS}: the flat parameter vector in our {@link ParameterFile} format (no Java serialization);
 *   <li>{@value #NORMALIZER}: the input standardization, mean and std per input column, in input order;
 *   <li>{@value #FEATURES}: the feature set's name, version, hash and input columns ({@link FeatureSpec});
 *   <li>{@value #LABEL}: horizon, dead zone and class names ({@link LabelDefinition});
 *   <li>{@value #CARD}: a free-form JSON object the trainer fills (metrics, baselines, lineage,
 *       hyperparameters, seed, code version), keys sorted;
 *   <li>{@value #WARMUP_BARS}: the last bars per symbol, so that serving can warm its online features;
 *   <li>{@value #GOLDEN}: a few input rows with the probabilities DL4J gave them ({@link GoldenSet}).
 * </ul>
 *
 * <p>Loading never uses Java serialization: the network is {@code MultiLayerConfiguration.fromJson} (after
 * {@link NetworkJsonScreen}) plus {@code new MultiLayerNetwork(conf).init(params, false)}; everything else
 * is our own JSON and CSV. {@link #readVerified} checks every file's SHA-256 before parsing any of them.
 * Every package, built or read, is checked before it exists: files consistent with one another, the network
 * DOUBLE and supported by {@link FastMlpPredictor}, and both DL4J and the fast pass reproducing the golden
 * rows within {@link GoldenSet#TOLERANCE}.
 *
 * <p>Immutable and thread-safe; the same package always writes the same bytes. {@link #predictor()} is
 * built once and shared (it is thread-safe).
 */
public final class ModelPackage {

  public static final String NETWORK = "network.json";
  public static final String PARAMS = "params.bin";
  public static final String NORMALIZER = "normalizer.json";
  public static final String FEATURES = "features.json";
  public static final String LABEL = "label.json";
  public static final String CARD = "model-card.json";
  public static final String WARMUP_BARS = "warmup-bars.csv";
  public static final String GOLDEN = "golden.json";

  /** Every file of a package, in the order they are written and checked. */
  public static final List<String> FILES = List.of(NETWORK, PARAMS, NORMALIZER, FEATURES, LABEL, CARD, WARMUP_BARS,
      GOLDEN);

  /** The format of the package as a whole, recorded in the registry metadata. */
  public static final String FORMAT = "tradingml-model-package/1";

  /** Largest file read: a bound on memory, far above any MLP of ours (params of 8M doubles = 64 MiB). */
  public static final long MAX_FILE_BYTES = 256L << 20;

  private final String networkJson;
  private final double[] params;
  private final InputNormalizer normalizer;
  private final FeatureSpec features;
  private final LabelDefinition label;
  private final Map<String, Object> card;
  private final List<Bar> warmupBars;
  private final GoldenSet golden;
  private final FastMlpPredictor predictor;

  private ModelPackage(String networkJson, double[] params, InputNormalizer normalizer, FeatureSpec features,
      LabelDefinition label, Map<String, Object> card, List<Bar> warmupBars, GoldenSet golden,
      double[][] goldenInputs) {
    this.networkJson = networkJson;
    this.params = params;
    this.normalizer = normalizer;
    this.features = features;
    this.label = label;
    this.card = card;
    this.warmupBars = warmupBars;

    MultiLayerConfiguration configuration = parseNetwork(networkJson);
    if (configuration.getDataType() != DataType.DOUBLE) {
      throw new ModelPackageException(NETWORK, "data type is " + configuration.getDataType() + "; models are DOUBLE"
          + " (build the configuration with .dataType(DataType.DOUBLE), see Nd4jPrecision)");
    }
    long expectedParams = parameterCount(configuration);
    if (expectedParams != params.length) {
      throw new ModelPackageException(PARAMS, "holds " + params.length + " values but the layers of " + NETWORK
          + " have " + expectedParams + " parameters");
    }
    if (normalizer.size() != features.inputColumns().size()) {
      throw new ModelPackageException(NORMALIZER, "has " + normalizer.size() + " columns but " + FEATURES + " lists "
          + features.inputColumns().size() + " inputs");
    }
    FastMlpPredictor fast;
    try {
      fast = FastMlpPredictor.of(configuration, params, normalizer);
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(NETWORK, e.getMessage(), e);
    }
    FastMlpPredictor.Step last = fast.steps().get(fast.steps().size() - 1);
    if (last.activation() != FastMlpPredictor.Activation.SOFTMAX) {
      throw new ModelPackageException(NETWORK, "the output activation is " + last.activation() + "; a classifier's"
          + " outputs must be softmax probabilities");
    }
    if (fast.classes() != label.classes().size()) {
      throw new ModelPackageException(LABEL, "names " + label.classes().size() + " classes " + label.classes()
          + " but the network has " + fast.classes() + " outputs");
    }
    Dl4jPredictor dl4j = Dl4jPredictor.of(configuration, params, normalizer);
    if (golden == null) {
      try {
        golden = GoldenSet.compute(dl4j, goldenInputs);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("golden inputs: " + e.getMessage(), e);
      }
    }
    golden.check(dl4j, "DL4J");
    golden.check(fast, "the fast forward pass");
    this.golden = golden;
    this.predictor = fast;
  }

  private static MultiLayerConfiguration parseNetwork(String json) {
    try {
      return MultiLayerConfiguration.fromJson(json);
    } catch (RuntimeException e) {
      throw new ModelPackageException(NETWORK, "DL4J cannot read the configuration: " + e.getMessage(), e);
    }
  }

  private static long parameterCount(MultiLayerConfiguration configuration) {
    long count = 0;
    for (NeuralNetConfiguration conf : configuration.getConfs()) {
      count += conf.getLayer().initializer().numParams(conf);
    }
    return count;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------- reading

  /**
   * Reads and checks the package in {@code directory}, without digests (for packages this process wrote or
   * the registry just verified; use {@link #readVerified} for anything that crossed a trust boundary).
   *
   * @throws ModelPackageException naming the file at fault
   */
  public static ModelPackage read(Path directory) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : FILES) {
      files.put(name, readFile(directory, name));
    }
    return decode(files);
  }

  /**
   * Checks every file's SHA-256 against {@code expectedSha256} (artifact name to lower-case hex digest, as
   * in the registry's manifest; other entries are ignored) and only then parses anything. Each file is read
   * into memory once, and what is digested is what is parsed.
   *
   * @throws ModelPackageException naming the file and both digests on a mismatch, or a file without an
   *     expected digest
   */
  public static ModelPackage readVerified(Path directory, Map<String, String> expectedSha256) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : FILES) {
      String expected = expectedSha256.get(name);
      if (expected == null) {
        throw new ModelPackageException(name, "no expected SHA-256 was given for it (the digests name "
            + new TreeMap<>(expectedSha256).keySet() + "); refusing to load an unverified file");
      }
      byte[] bytes = readFile(directory, name);
      String actual = sha256(bytes);
      if (!actual.equals(expected.toLowerCase(Locale.ROOT))) {
        throw new ModelPackageException(name, "SHA-256 mismatch: expected " + expected + ", found " + actual + " ("
            + bytes.length + " bytes in " + directory + "); refusing to parse the package");
      }
      files.put(name, bytes);
    }
    return decode(files);
  }

  private static byte[] readFile(Path directory, String name) {
    Path file = directory.resolve(name);
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ModelPackageException(name, size + " bytes is more than the " + MAX_FILE_BYTES + " a package file may have");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelPackageException(name, "missing from " + directory, e);
    } catch (IOException e) {
      throw new ModelPackageException(name, "cannot be read: " + e, e);
    }
  }

  /** Parses a package from its files' bytes (every one of {@link #FILES}). */
  static ModelPackage decode(Map<String, byte[]> files) {
    String networkJson = PackageJson.readNetwork(files.get(NETWORK));
    double[] params = ParameterFile.decode(files.get(PARAMS), PARAMS);
    PackageJson.Normalizer normalizer = PackageJson.readNormalizer(files.get(NORMALIZER));
    FeatureSpec features = PackageJson.readFeatures(files.get(FEATURES));
    if (!normalizer.columns().equals(features.inputColumns())) {
      throw new ModelPackageException(NORMALIZER, "columns " + normalizer.columns() + " differ from the input columns"
          + " of " + FEATURES + " " + features.inputColumns());
    }
    LabelDefinition label = PackageJson.readLabel(files.get(LABEL));
    Map<String, Object> card = PackageJson.copyCard(PackageJson.readCard(files.get(CARD)));
    List<Bar> bars = WarmupBarsCsv.read(files.get(WARMUP_BARS));
    GoldenSet golden = PackageJson.readGolden(files.get(GOLDEN));
    return new ModelPackage(networkJson, params, normalizer.normalizer(), features, label, card, bars, golden, null);
  }

  // ---------------------------------------------------------------------------------------------- writing

  /** Every file's bytes, in {@link #FILES} order. Deterministic: the same package gives the same bytes. */
  public Map<String, byte[]> toBytes() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(NETWORK, networkJson.getBytes(StandardCharsets.UTF_8));
    files.put(PARAMS, ParameterFile.encode(params));
    files.put(NORMALIZER, PackageJson.normalizer(normalizer, features.inputColumns()));
    files.put(FEATURES, PackageJson.features(features));
    files.put(LABEL, PackageJson.label(label));
    files.put(CARD, PackageJson.card(card));
    files.put(WARMUP_BARS, WarmupBarsCsv.write(warmupBars));
    files.put(GOLDEN, PackageJson.golden(golden));
    return files;
  }

  /** The SHA-256 (lower-case hex) of every file, in {@link #FILES} order. */
  public Map<String, String> sha256() {
    Map<String, String> digests = new LinkedHashMap<>();
    toBytes().forEach((name, bytes) -> digests.put(name, sha256(bytes)));
    return digests;
  }

  /**
   * Writes the files into {@code directory} (created if missing; none of the files may exist yet: a package
   * is never overwritten). Each file appears complete or not at all (written aside, then moved). Returns
   * artifact name to file, in {@link #FILES} order, as {@code ModelRegistry.publish} takes them.
   */
  public Map<String, Path> write(Path directory) {
    Map<String, Path> written = new LinkedHashMap<>();
    try {
      Files.createDirectories(directory);
      for (String name : FILES) {
        if (Files.exists(directory.resolve(name))) {
          throw new IllegalStateException(directory.resolve(name) + " exists already; a package is written into a"
              + " fresh directory");
        }
      }
      for (Map.Entry<String, byte[]> file : toBytes().entrySet()) {
        Path target = directory.resolve(file.getKey());
        Path part = directory.resolve("." + file.getKey() + ".part");
        Files.write(part, file.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        written.put(file.getKey(), target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the model package into " + directory + " failed: " + e, e);
    }
    return Collections.unmodifiableMap(written);
  }

  /** Registry metadata describing this package (format, feature set, label, network shape). */
  public Map<String, String> registryMetadata() {
    Map<String, String> metadata = new TreeMap<>();
    metadata.put("format", FORMAT);
    metadata.put("feature_set", features.name() + " v" + features.version());
    metadata.put("feature_set_hash", features.hash());
    metadata.put("label", label.description());
    metadata.put("classes", String.join(",", label.classes()));
    metadata.put("network", predictor.describe());
    return Collections.unmodifiableMap(metadata);
  }

  // ---------------------------------------------------------------------------------------------- contents

  /** The fast forward pass (thread-safe, shared), checked against DL4J on the golden rows when loaded. */
  public FastMlpPredictor predictor() {
    return predictor;
  }

  /** A new DL4J-backed predictor of this model (the reference engine; one network per call). */
  public Dl4jPredictor dl4jPredictor() {
    return Dl4jPredictor.of(configuration(), params, normalizer);
  }

  /** A new DL4J network of this model (a copy: training it does not change the package). */
  public MultiLayerNetwork network() {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration());
    network.init(org.nd4j.linalg.factory.Nd4j.createFromArray(params.clone()), false);
    return network;
  }

  /** A fresh copy of the network configuration. */
  public MultiLayerConfiguration configuration() {
    return MultiLayerConfiguration.fromJson(networkJson);
  }

  /** The text of {@value #NETWORK}. */
  public String networkJson() {
    return networkJson;
  }

  /** A copy of the flat parameter vector. */
  public double[] params() {
    return params.clone();
  }

  public InputNormalizer normalizer() {
    return normalizer;
  }

  public FeatureSpec features() {
    return features;
  }

  public LabelDefinition label() {
    return label;
  }

  /** The model card: unmodifiable, keys sorted, values plain JSON data. */
  public Map<String, Object> card() {
    return card;
  }

  /** The warm-up bars, sorted by symbol, then time. */
  public List<Bar> warmupBars() {
    return warmupBars;
  }

  /** The warm-up bars per symbol, each list in time order. */
  public Map<Symbol, List<Bar>> warmupBarsBySymbol() {
    Map<Symbol, List<Bar>> bySymbol = new TreeMap<>();
    for (Bar bar : warmupBars) {
      bySymbol.computeIfAbsent(bar.symbol(), s -> new ArrayList<>()).add(bar);
    }
    bySymbol.replaceAll((symbol, bars) -> List.copyOf(bars));
    return Collections.unmodifiableMap(bySymbol);
  }

  public GoldenSet golden() {
    return golden;
  }

  @Override
  public String toString() {
    return "ModelPackage[" + predictor.describe() + ", features " + features.name() + " v" + features.version() + ", "
        + label.classes() + ", " + warmupBars.size() + " warm-up bars]";
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Assembles a package from a trained network. Required: the network, the normalizer, the features, the
   * label and golden inputs (a few rows of raw inputs, e.g. the first rows of the test split); the model card
   * and warm-up bars default to empty. {@link #build()} computes the golden probabilities with DL4J and checks
   * everything {@link ModelPackage} promises, throwing {@link IllegalArgumentException} or
   * {@link ModelPackageException} naming the problem.
   */
  public static final class Builder {
    private String networkJson;
    private double[] params;
    private InputNormalizer normalizer;
    private FeatureSpec features;
    private LabelDefinition label;
    private Map<String, ?> card = Map.of();
    private List<Bar> warmupBars = List.of();
    private double[][] goldenInputs;

    private Builder() {}

    /** The network's configuration and current parameters (copied now). */
    public Builder network(MultiLayerNetwork network) {
      return network(network.getLayerWiseConfigurations(), network.params().toDoubleVector());
    }

    /** A configuration and a flat parameter vector in DL4J's layout (copied now). */
    public Builder network(MultiLayerConfiguration configuration, double[] params) {
      this.networkJson = configuration.toJson();
      this.params = params.clone();
      return this;
    }

    public Builder normalizer(InputNormalizer normalizer) {
      this.normalizer = normalizer;
      return this;
    }

    public Builder features(FeatureSpec features) {
      this.features = features;
      return this;
    }

    public Builder features(FeatureSet set) {
      return features(FeatureSpec.of(set));
    }

    public Builder label(LabelDefinition label) {
      this.label = label;
      return this;
    }

    /** Free-form JSON data (see {@link ModelPackage#card()}); copied and checked in {@link #build()}. */
    public Builder card(Map<String, ?> card) {
      this.card = card;
      return this;
    }

    public Builder warmupBars(List<Bar> bars) {
      this.warmupBars = bars;
      return this;
    }

    /** Rows of raw, finite inputs whose probabilities become {@value #GOLDEN}; at least one. */
    public Builder goldenInputs(double[][] rows) {
      this.goldenInputs = rows == null ? null : rows.clone();
      return this;
    }

    public ModelPackage build() {
      if (networkJson == null) {
        throw new IllegalArgumentException("a model package needs a network");
      }
      if (normalizer == null) {
        throw new IllegalArgumentException("a model package needs a normalizer");
      }
      if (features == null) {
        throw new IllegalArgumentException("a model package needs its feature spec");
      }
      if (label == null) {
        throw new IllegalArgumentException("a model package needs its label definition");
      }
      if (goldenInputs == null || goldenInputs.length == 0) {
        throw new IllegalArgumentException("a model package needs golden inputs (at least one row)");
      }
      double[][] rows = new double[goldenInputs.length][];
      for (int r = 0; r < rows.length; r++) {
        rows[r] = goldenInputs[r].clone();
      }
      return new ModelPackage(networkJson, params, normalizer, features, label, PackageJson.copyCard(card),
          WarmupBarsCsv.canonical(warmupBars), null, rows);
    }
  }
}

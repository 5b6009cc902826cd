package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The columns of a features table: symbol, timestamp, the warm-up flag, the feature set's model inputs,
 * the reference columns not already among the inputs, then the forward returns and the label. Derived
 * from the feature set alone, so the batch job and every reader agree on it.
 */
final class FeatureColumns implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String SYMBOL = "symbol";
  static final String TIMESTAMP = "timestamp";
  static final String WARM = "warm";
  static final String FWD_LOGRET_1 = "fwd_logret_1";
  static final String FWD_LOGRET_5 = "fwd_logret_5";
  static final String LABEL_FWD_LOGRET = "label_fwd_logret";
  static final String LABEL = "label";

  final List<String> inputs;
  final List<String> extraReferences;
  /** For each reference column, its index among the inputs, or -1 if it is an extra column. */
  final int[] referenceInputIndex;

  FeatureColumns(FeatureSet set) {
    this.inputs = List.copyOf(set.inputColumns());
    List<String> references = FeatureSet.referenceColumns();
    LinkedHashSet<String> extra = new LinkedHashSet<>();
    referenceInputIndex = new int[references.size()];
    for (int i = 0; i < references.size(); i++) {
      referenceInputIndex[i] = inputs.indexOf(references.get(i));
      if (referenceInputIndex[i] < 0) {
        extra.add(references.get(i));
      }
    }
    this.extraReferences = List.copyOf(extra);
  }

  int width() {
    return 3 + inputs.size() + extraReferences.size() + 4;
  }

  /** Every column name in table order. */
  List<String> names() {
    List<String> names = new ArrayList<>(width());
    names.add(SYMBOL);
    names.add(TIMESTAMP);
    names.add(WARM);
    names.addAll(inputs);
    names.addAll(extraReferences);
    names.add(FWD_LOGRET_1);
    names.add(FWD_LOGRET_5);
    names.add(LABEL_FWD_LOGRET);
    names.add(LABEL);
    return names;
  }

  /** How many double columns a row has: the inputs, the extra references and the three forward returns. */
  int doubleCount() {
    return inputs.size() + extraReferences.size() + 3;
  }

  /**
   * A row's double columns in table order into {@code into} (of {@link #doubleCount()}): the inputs, the
   * reference values not among them, then the forward returns.
   */
  void doubleValues(double[] inputValues, double[] referenceValues, double fwd1, double fwd5, double fwdLabel,
      double[] into) {
    int k = inputValues.length;
    System.arraycopy(inputValues, 0, into, 0, k);
    for (int i = 0; i < referenceValues.length; i++) {
      if (referenceInputIndex[i] < 0) {
        into[k++] = referenceValues[i];
      }
    }
    into[k++] = fwd1;
    into[k++] = fwd5;
    into[k] = fwdLabel;
  }

  /** The table's schema as this version creates it: every column required, field ids 1..n in order. */
  Schema icebergSchema() {
    List<Types.NestedField> fields = new ArrayList<>(width());
    int id = 1;
    for (String name : names()) {
      Type type = switch (name) {
        case SYMBOL -> Types.StringType.get();
        case TIMESTAMP -> Types.TimestampType.withZone();
        case WARM -> Types.BooleanType.get();
        case LABEL -> Types.IntegerType.get();
        default -> Types.DoubleType.get();
      };
      fields.add(Types.NestedField.required(id++, name, type));
    }
    return new Schema(fields);
  }
}

package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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

  StructType sparkSchema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(SYMBOL, DataTypes.StringType, false));
    fields.add(DataTypes.createStructField(TIMESTAMP, DataTypes.TimestampType, false));
    fields.add(DataTypes.createStructField(WARM, DataTypes.BooleanType, false));
    for (String name : inputs) {
      fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
    }
    for (String name : extraReferences) {
      fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
    }
    fields.add(DataTypes.createStructField(FWD_LOGRET_1, DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField(FWD_LOGRET_5, DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField(LABEL_FWD_LOGRET, DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField(LABEL, DataTypes.IntegerType, false));
    return DataTypes.createStructType(fields);
  }
}

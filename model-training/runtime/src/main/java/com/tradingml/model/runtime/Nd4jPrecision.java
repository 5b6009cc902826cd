package com.tradingml.model.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The numeric precision of our DL4J networks: DOUBLE, in training and inference. Features are doubles
 * (shared/STYLE.md habit 4), the fast forward pass computes in doubles, and golden outputs are checked
 * to 1e-6; FLOAT networks would differ from it by ~1e-7 and from run to run by more. The trainer builds
 * its configurations with {@code .dataType(DataType.DOUBLE)} and calls {@link #useDouble()} first;
 * {@link ModelPackage} refuses other networks.
 */
public final class Nd4jPrecision {

  private Nd4jPrecision() {}

  /**
   * Makes DOUBLE ND4J's process-wide default for new arrays and for floating-point results. Idempotent.
   * (Our own code also creates every array with an explicit DOUBLE type, so it does not rely on this.)
   */
  public static void useDouble() {
    if (Nd4j.dataType() != DataType.DOUBLE || Nd4j.defaultFloatingPointType() != DataType.DOUBLE) {
      Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }
  }
}

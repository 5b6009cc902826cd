package com.tradingml.core.evaluation;

class MajorityClassBaselineContractTest extends ProbabilisticClassifierContract {

  @Override
  protected ProbabilisticClassifier classifier() {
    return MajorityClassBaseline.fit(new int[] {0, 2, 2, 1, 2, 0, 0}, 3);
  }

  @Override
  protected double[][] inputs() {
    return new double[][] {{0, 0}, {1e300, -1e300}, {-3, 4}, {}};
  }
}

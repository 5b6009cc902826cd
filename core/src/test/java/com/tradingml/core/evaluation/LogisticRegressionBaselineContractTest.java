package com.tradingml.core.evaluation;

class LogisticRegressionBaselineContractTest extends ProbabilisticClassifierContract {

  @Override
  protected ProbabilisticClassifier classifier() {
    // FLAT never occurs in training (dead zone 0).
    double[][] x = {{-2, 0.5}, {-1, -0.3}, {-0.5, 1}, {0.4, -1}, {1, 0.2}, {2, -0.4}, {0.1, 0.1}};
    int[] y = {0, 0, 0, 2, 2, 2, 0};
    return LogisticRegressionBaseline.fit(x, y, 3, 0.01);
  }

  @Override
  protected double[][] inputs() {
    return new double[][] {{0, 0}, {1e6, -1e6}, {-1e6, 1e6}, {3, 3}, {-0.5, 0.25}};
  }
}

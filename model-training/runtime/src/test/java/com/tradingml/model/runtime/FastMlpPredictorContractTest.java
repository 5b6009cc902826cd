package com.tradingml.model.runtime;

class FastMlpPredictorContractTest extends PredictorContract {
  @Override
  Predictor predictor(ModelPackage model) {
    return model.predictor();
  }
}

package com.tradingml.model.runtime;

class Dl4jPredictorContractTest extends PredictorContract {
  @Override
  Predictor predictor(ModelPackage model) {
    return model.dl4jPredictor();
  }
}

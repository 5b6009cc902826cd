package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * How DL4J 1.0.0-M2.1 lays out dense parameters in the flat {@code params()} vector, as FastMlpPredictor
 * assumes: layer by layer; per layer W then b; W is [nIn, nOut] in column-major order, so
 * {@code W[i][o] = flat[offset + i + o * nIn]}; no b when hasBias is false.
 */
class DenseParameterLayoutTest {

  @Test
  void shouldStoreWeightsColumnMajorThenBiasLayerByLayer() {
    MultiLayerNetwork network = TestModels.network(9,
        new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.RELU).build(),
        new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).hasBias(false).build(),
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3).activation(Activation.SOFTMAX).build());
    INDArray params = network.params();
    double[] flat = params.toDoubleVector();

    assertThat(params.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(params.rank()).as("a rank-1 vector in M2.1").isEqualTo(1);
    assertThat(flat).hasSize(5 * 4 + 4 + 4 * 6 + 6 * 3 + 3);
    int offset = 0;
    for (int[] layer : List.of(new int[] {0, 5, 4, 1}, new int[] {1, 4, 6, 0}, new int[] {2, 6, 3, 1})) {
      int index = layer[0];
      int nIn = layer[1];
      int nOut = layer[2];
      INDArray w = network.getParam(index + "_W");
      assertThat(w.shape()).containsExactly(nIn, nOut);
      assertThat(w.ordering()).isEqualTo('f');
      for (int i = 0; i < nIn; i++) {
        for (int o = 0; o < nOut; o++) {
          assertThat(flat[offset + i + o * nIn]).as("W[%d][%d] of layer %d", i, o, index).isEqualTo(w.getDouble(i, o));
        }
      }
      offset += nIn * nOut;
      if (layer[3] == 1) {
        INDArray b = network.getParam(index + "_b");
        for (int o = 0; o < nOut; o++) {
          assertThat(flat[offset + o]).as("b[%d] of layer %d", o, index).isEqualTo(b.getDouble(o));
        }
        offset += nOut;
      } else {
        assertThat(network.paramTable()).doesNotContainKey(index + "_b");
      }
    }
    assertThat(offset).isEqualTo(flat.length);
  }

  @Test
  void shouldComputeActivationOfXTimesWPlusB() {
    MultiLayerNetwork network = TestModels.network(4,
        new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(2).activation(Activation.IDENTITY).build());
    double[] flat = network.params().toDoubleVector();
    double[] x = {0.5, -1.25, 2.0};
    INDArray out = network.output(org.nd4j.linalg.factory.Nd4j.create(x, new long[] {1, 3}, 'c'));
    for (int o = 0; o < 2; o++) {
      double z = flat[6 + o];
      for (int i = 0; i < 3; i++) {
        z += x[i] * flat[i + o * 3];
      }
      assertThat(out.getDouble(0, o)).isCloseTo(z, org.assertj.core.data.Offset.offset(1e-12));
    }
  }
}

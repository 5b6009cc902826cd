package com.tradingml.core.synthetic;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a {@link SplittableRandom} by the ziggurat method of Marsaglia and Tsang
 * ("The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), 128 layers.
 * Most draws cost one {@code nextLong()}, a comparison and a multiplication.
 *
 * <p>Two departures from the paper's 32-bit code: the layer comes from the low 7 bits of a 64-bit draw
 * and the signed abscissa from its top 53 bits, so the two never share bits (the correlation Doornik
 * pointed out in the original) and the abscissa has 52-bit resolution. The tables are computed with
 * {@link StrictMath} when the class loads, so the sequence is a function of the seed alone, the same
 * on every JVM version and platform (unlike {@code nextGaussian()}, whose algorithm is a JDK
 * implementation detail).
 *
 * <p>Not thread-safe: one sampler per stream.
 */
final class GaussianSampler {

  private static final int LAYERS = 128;
  /** Right edge of the base layer; beyond it lies the tail. */
  private static final double R = 3.442619855899;
  /** Area of every layer (of the unnormalized density exp(-x^2 / 2)). */
  private static final double AREA = 9.91256303526217e-3;
  private static final double SCALE = 0x1.0p52;
  /** Layer i accepts |j| &lt; K[i] outright: the draw lies under the layer above. */
  private static final long[] K = new long[LAYERS];
  /** Layer widths over 2^52. */
  private static final double[] W = new double[LAYERS];
  /** exp(-x_i^2 / 2) at each layer's right edge. */
  private static final double[] F = new double[LAYERS];

  static {
    double edge = R;
    double previousEdge = edge;
    double baseWidth = AREA / StrictMath.exp(-0.5 * edge * edge);
    K[0] = (long) (edge / baseWidth * SCALE);
    K[1] = 0;
    W[0] = baseWidth / SCALE;
    W[LAYERS - 1] = edge / SCALE;
    F[0] = 1.0;
    F[LAYERS - 1] = StrictMath.exp(-0.5 * edge * edge);
    for (int i = LAYERS - 2; i >= 1; i--) {
      edge = StrictMath.sqrt(-2.0 * StrictMath.log(AREA / edge + StrictMath.exp(-0.5 * edge * edge)));
      K[i + 1] = (long) (edge / previousEdge * SCALE);
      previousEdge = edge;
      F[i] = StrictMath.exp(-0.5 * edge * edge);
      W[i] = edge / SCALE;
    }
  }

  private final SplittableRandom random;

  GaussianSampler(SplittableRandom random) {
    this.random = random;
  }

  /** A uniform draw in [0, 1) from the same stream. */
  double nextUniform() {
    return random.nextDouble();
  }

  double nextGaussian() {
    long bits = random.nextLong();
    int layer = (int) bits & (LAYERS - 1);
    long abscissa = bits >> 11;
    if (Math.abs(abscissa) < K[layer]) {
      return abscissa * W[layer];
    }
    return nextGaussianSlow(layer, abscissa);
  }

  private double nextGaussianSlow(int firstLayer, long firstAbscissa) {
    int layer = firstLayer;
    long abscissa = firstAbscissa;
    while (true) {
      double x = abscissa * W[layer];
      if (layer == 0) {
        // The tail beyond R, by Marsaglia's method.
        double tail;
        double y;
        do {
          tail = -StrictMath.log(1.0 - random.nextDouble()) / R;
          y = -StrictMath.log(1.0 - random.nextDouble());
        } while (y + y < tail * tail);
        return abscissa > 0 ? R + tail : -R - tail;
      }
      if (F[layer] + random.nextDouble() * (F[layer - 1] - F[layer]) < StrictMath.exp(-0.5 * x * x)) {
        return x;
      }
      long bits = random.nextLong();
      layer = (int) bits & (LAYERS - 1);
      abscissa = bits >> 11;
      if (Math.abs(abscissa) < K[layer]) {
        return abscissa * W[layer];
      }
    }
  }
}

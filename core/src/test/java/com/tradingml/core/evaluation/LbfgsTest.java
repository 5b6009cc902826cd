package com.tradingml.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {

  @Test
  void shouldFindTheMinimumOfAnIllConditionedQuadratic() {
    // f = sum_j c_j (x_j - j)^2 / 2 with curvatures 1 .. 1e4.
    double[] curvature = {1, 10, 100, 1000, 10000};
    Lbfgs.Result result = Lbfgs.minimize((x, g) -> {
      double f = 0;
      for (int j = 0; j < x.length; j++) {
        double d = x[j] - j;
        f += 0.5 * curvature[j] * d * d;
        g[j] = curvature[j] * d;
      }
      return f;
    }, new double[5], 200, 1e-10, 10);

    assertThat(result.converged()).isTrue();
    assertThat(result.point()).containsExactly(new double[] {0, 1, 2, 3, 4}, within(1e-9));
  }

  @Test
  void shouldSolveTheRosenbrockValley() {
    Lbfgs.Result result = Lbfgs.minimize((x, g) -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    }, new double[] {-1.2, 1.0}, 500, 1e-9, 5);

    assertThat(result.converged()).isTrue();
    assertThat(result.point()).containsExactly(new double[] {1, 1}, within(1e-6));
    assertThat(result.iterations()).isLessThan(200);
  }

  @Test
  void shouldStopAtTheIterationBudget() {
    Lbfgs.Result result = Lbfgs.minimize((x, g) -> {
      g[0] = -StrictMath.exp(-x[0]); // exp(-x) decreases forever: no minimum
      return StrictMath.exp(-x[0]);
    }, new double[] {0}, 7, 1e-300, 3);

    assertThat(result.converged()).isFalse();
    assertThat(result.iterations()).isEqualTo(7);
    assertThat(result.value()).isLessThan(1.0);
  }
}

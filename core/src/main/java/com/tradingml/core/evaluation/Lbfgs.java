package com.tradingml.core.evaluation;

/**
 * Limited-memory BFGS (Nocedal and Wright, "Numerical Optimization", 2nd ed., algorithms 7.4 and 7.5) for
 * smooth, convex objectives, with a backtracking Armijo line search.
 *
 * <p>Deterministic: no randomness, one thread, a fixed order of operations. Conventions: the first step
 * (and any step after a memory reset) is steepest descent with initial length {@code min(1, 1 / ||g||)};
 * later steps try the full quasi-Newton step first, with {@code H0 = (s.y / y.y) I} from the newest pair;
 * the step halves until {@code f(x + a d) <= f(x) + 1e-4 a g.d} (at most {@value #MAX_HALVINGS} times); a
 * pair is remembered only when {@code s.y > 1e-10 y.y} (positive curvature); a failed quasi-Newton line
 * search clears the memory and retries once as steepest descent. It stops when the largest absolute
 * gradient component is at most the tolerance (converged), when the iteration budget is spent, when no
 * step decreases f, or when an accepted step decreased f by no more than {@code 1e-15 |f|} (round-off:
 * further iterations cannot help).
 */
final class Lbfgs {

  static final int MAX_HALVINGS = 30;
  private static final double ARMIJO = 1e-4;
  private static final double CURVATURE_GUARD = 1e-10;
  private static final double STALL = 1e-15;

  /** A function and its gradient at a point. */
  interface Objective {
    /** Returns f(point) and writes its gradient into {@code gradient} (same length as {@code point}). */
    double evaluate(double[] point, double[] gradient);
  }

  /** The last accepted point, its value, the accepted steps taken and whether the gradient test passed. */
  record Result(double[] point, double value, int iterations, boolean converged) {}

  private Lbfgs() {}

  static Result minimize(
      Objective objective, double[] start, int maxIterations, double gradientTolerance, int memory) {
    int size = start.length;
    double[] x = start.clone();
    double[] g = new double[size];
    double fx = objective.evaluate(x, g);
    if (!Double.isFinite(fx)) {
      throw new IllegalStateException("objective is not finite at the starting point: " + fx);
    }
    double[][] s = new double[memory][size];
    double[][] y = new double[memory][size];
    double[] rho = new double[memory];
    double[] alpha = new double[memory];
    int stored = 0;
    int newest = -1;
    double[] direction = new double[size];
    double[] xNew = new double[size];
    double[] gNew = new double[size];
    int iterations = 0;
    boolean converged = maxAbs(g) <= gradientTolerance;
    while (!converged && iterations < maxIterations) {
      boolean steepest = stored == 0;
      double slope = 0.0;
      if (!steepest) {
        twoLoop(g, s, y, rho, alpha, stored, newest, memory, direction);
        slope = dot(g, direction);
        if (!(slope < 0.0)) {
          steepest = true;
        }
      }
      if (steepest) {
        stored = 0;
        for (int j = 0; j < size; j++) {
          direction[j] = -g[j];
        }
        slope = -dot(g, g);
      }
      double step = steepest ? Math.min(1.0, 1.0 / StrictMath.sqrt(-slope)) : 1.0;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int halving = 0; halving <= MAX_HALVINGS; halving++) {
        for (int j = 0; j < size; j++) {
          xNew[j] = x[j] + step * direction[j];
        }
        fNew = objective.evaluate(xNew, gNew);
        if (Double.isFinite(fNew) && fNew <= fx + ARMIJO * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        if (steepest) {
          break; // no descent step exists at working precision
        }
        stored = 0; // retry from the same point as steepest descent
        continue;
      }
      iterations++;
      double sy = 0.0;
      double yy = 0.0;
      for (int j = 0; j < size; j++) {
        double sj = xNew[j] - x[j];
        double yj = gNew[j] - g[j];
        sy += sj * yj;
        yy += yj * yj;
      }
      if (sy > CURVATURE_GUARD * yy && yy > 0.0) {
        newest = (newest + 1) % memory;
        for (int j = 0; j < size; j++) {
          s[newest][j] = xNew[j] - x[j];
          y[newest][j] = gNew[j] - g[j];
        }
        rho[newest] = 1.0 / sy;
        stored = Math.min(stored + 1, memory);
      }
      double decrease = fx - fNew;
      double[] swap = x;
      x = xNew;
      xNew = swap;
      swap = g;
      g = gNew;
      gNew = swap;
      fx = fNew;
      converged = maxAbs(g) <= gradientTolerance;
      if (!converged && decrease <= STALL * Math.abs(fx)) {
        break;
      }
    }
    return new Result(x, fx, iterations, converged);
  }

  /** Writes {@code -H g} into {@code direction}, H the L-BFGS inverse-Hessian approximation. */
  private static void twoLoop(double[] g, double[][] s, double[][] y, double[] rho, double[] alpha,
      int stored, int newest, int memory, double[] direction) {
    int size = g.length;
    System.arraycopy(g, 0, direction, 0, size);
    for (int back = 0; back < stored; back++) {
      int i = (newest - back + memory) % memory;
      alpha[i] = rho[i] * dot(s[i], direction);
      for (int j = 0; j < size; j++) {
        direction[j] -= alpha[i] * y[i][j];
      }
    }
    double gamma = 1.0 / (rho[newest] * dot(y[newest], y[newest]));
    for (int j = 0; j < size; j++) {
      direction[j] *= gamma;
    }
    for (int back = stored - 1; back >= 0; back--) {
      int i = (newest - back + memory) % memory;
      double beta = rho[i] * dot(y[i], direction);
      for (int j = 0; j < size; j++) {
        direction[j] += (alpha[i] - beta) * s[i][j];
      }
    }
    for (int j = 0; j < size; j++) {
      direction[j] = -direction[j];
    }
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0.0;
    for (int j = 0; j < a.length; j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }

  private static double maxAbs(double[] values) {
    double max = 0.0;
    for (double value : values) {
      max = Math.max(max, Math.abs(value));
    }
    return max;
  }
}

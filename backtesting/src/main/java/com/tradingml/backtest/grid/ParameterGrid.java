package com.tradingml.backtest.grid;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parameter grid: named axes, each with an ordered list of values, and their cartesian product.
 *
 * <p><b>Syntax</b> ({@code pipeline sweep --grid SPEC}): axes separated by commas, each {@code key=values}; values
 * are
 * <ul>
 *   <li>a range {@code from:to:step}: {@code from, from + step, ...} up to and including {@code to} when a step
 *       lands on it ({@code 5:20:5} is 5, 10, 15, 20; {@code 0:10:2.5} is 0, 2.5, 5, 7.5, 10). Decimal, exact
 *       (no floating-point drift); {@code step > 0}, {@code from <= to}; {@code from:to} means step 1;
 *   <li>a list {@code a|b|c} of numbers or words ({@code 0|5|10}, {@code long-only|long-short});
 *   <li>one value ({@code quantity=100}).
 * </ul>
 * Example: {@code fast=5:20:5,slow=30:90:30,cost-bps=0|5|10} (4 x 3 x 3 = 36 points). Keys are lower-case words
 * with digits and dashes; a key appears once; an axis lists a value once (numbers compare by value, so
 * {@code 5|5.0} is a duplicate): a duplicate point would count twice as a trial. Spaces around tokens are
 * ignored. At most {@value #MAX_POINTS} points.
 *
 * <p>Values are kept as canonical text (numbers as plain decimals without trailing zeros: {@code 2.50} is
 * {@code 2.5}); what a key means and which values it accepts is the caller's business ({@link SweepPlan}).
 * {@link #points()} expands the product with the first axis varying slowest. {@link #canonical()} is the grid
 * written back in this syntax with every value listed: equal for equal grids. Immutable and thread-safe.
 */
public final class ParameterGrid {

  public static final int MAX_POINTS = 100_000;

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

  private final Map<String, List<String>> axes;

  private ParameterGrid(Map<String, List<String>> axes) {
    this.axes = axes;
  }

  /** Parses {@code spec}; {@link IllegalArgumentException} names what is wrong and where. */
  public static ParameterGrid parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("a grid needs at least one axis, e.g. fast=5:20:5,slow=30:90:30");
    }
    Map<String, List<String>> axes = new LinkedHashMap<>();
    long points = 1;
    for (String part : spec.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("grid axis '" + part.strip() + "' is not key=values");
      }
      String key = part.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("grid key '" + key + "' must be lower-case letters, digits and dashes");
      }
      if (axes.containsKey(key)) {
        throw new IllegalArgumentException("grid key '" + key + "' appears twice");
      }
      List<String> values = values(key, part.substring(eq + 1).strip());
      points *= values.size();
      if (points > MAX_POINTS) {
        throw new IllegalArgumentException("the grid has more than " + MAX_POINTS + " points");
      }
      axes.put(key, List.copyOf(values));
    }
    return new ParameterGrid(Collections.unmodifiableMap(axes));
  }

  private static List<String> values(String key, String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("grid key '" + key + "' has no values");
    }
    if (text.contains(":")) {
      return range(key, text);
    }
    List<String> values = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String raw : text.split("\\|", -1)) {
      String value = canonical(raw.strip());
      if (!WORD.matcher(value).matches()) {
        throw new IllegalArgumentException("grid key '" + key + "' has a bad value '" + raw.strip() + "'");
      }
      if (!seen.add(value)) {
        throw new IllegalArgumentException("grid key '" + key + "' lists " + value + " twice");
      }
      values.add(value);
    }
    return values;
  }

  private static List<String> range(String key, String text) {
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("grid range '" + text + "' of " + key + " must be from:to or from:to:step");
    }
    BigDecimal from = number(key, parts[0]);
    BigDecimal to = number(key, parts[1]);
    BigDecimal step = parts.length == 3 ? number(key, parts[2]) : BigDecimal.ONE;
    if (step.signum() <= 0) {
      throw new IllegalArgumentException("grid range '" + text + "' of " + key + " needs a positive step");
    }
    if (from.compareTo(to) > 0) {
      throw new IllegalArgumentException("grid range '" + text + "' of " + key + " runs backwards");
    }
    BigDecimal count = to.subtract(from).divideToIntegralValue(step).add(BigDecimal.ONE);
    if (count.compareTo(BigDecimal.valueOf(MAX_POINTS)) > 0) {
      throw new IllegalArgumentException("grid range '" + text + "' of " + key + " has more than " + MAX_POINTS
          + " values");
    }
    List<String> values = new ArrayList<>();
    for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(step)) {
      values.add(plain(v));
    }
    return values;
  }

  private static BigDecimal number(String key, String text) {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("grid key '" + key + "' has a bad number '" + text.strip() + "'", e);
    }
  }

  /** Numbers as plain decimals without trailing zeros; words unchanged. */
  private static String canonical(String value) {
    try {
      return plain(new BigDecimal(value));
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  /** The axes in the order given, each with its values. */
  public Map<String, List<String>> axes() {
    return axes;
  }

  /** Number of points (the product of the axis sizes). */
  public int size() {
    int size = 1;
    for (List<String> values : axes.values()) {
      size *= values.size();
    }
    return size;
  }

  /** Every point, key to value in axis order; the first axis varies slowest. */
  public List<Map<String, String>> points() {
    List<Map<String, String>> points = new ArrayList<>(size());
    List<String> keys = new ArrayList<>(axes.keySet());
    int[] position = new int[keys.size()];
    for (int p = 0, n = size(); p < n; p++) {
      Map<String, String> point = new LinkedHashMap<>();
      for (int k = 0; k < keys.size(); k++) {
        point.put(keys.get(k), axes.get(keys.get(k)).get(position[k]));
      }
      points.add(Collections.unmodifiableMap(point));
      for (int k = keys.size() - 1; k >= 0; k--) {
        if (++position[k] < axes.get(keys.get(k)).size()) {
          break;
        }
        position[k] = 0;
      }
    }
    return Collections.unmodifiableList(points);
  }

  /** The grid in its own syntax, every value listed ({@code fast=5|10,slow=30}). */
  public String canonical() {
    StringBuilder out = new StringBuilder();
    axes.forEach((key, values) -> {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(key).append('=').append(String.join("|", values));
    });
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterGrid grid && grid.axes.equals(axes);
  }

  @Override
  public int hashCode() {
    return axes.hashCode();
  }

  @Override
  public String toString() {
    return "ParameterGrid[" + canonical() + "]";
  }
}

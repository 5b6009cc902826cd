package com.tradingml.core.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where each bar column sits in an input's header. Column names are matched case-insensitively and
 * trimmed, in any order; {@code volume} may be absent (every volume unknown). Any other or repeated
 * column is an {@link InvalidInputException}: guessing what an unknown column means is how data goes
 * silently wrong.
 */
public record BarColumns(int timestamp, int symbol, int open, int high, int low, int close, int volume, int width) {

  public static final List<String> NAMES = List.of("timestamp", "symbol", "open", "high", "low", "close", "volume");
  public static final String HEADER = String.join(",", NAMES);
  public static final int ABSENT = -1;

  public static BarColumns fromHeader(List<String> header, String source) {
    int[] positions = new int[NAMES.size()];
    Arrays.fill(positions, ABSENT);
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).trim().toLowerCase(Locale.ROOT);
      int index = NAMES.indexOf(name);
      if (index < 0) {
        throw new InvalidInputException(source + ": unexpected column '" + header.get(i).trim()
            + "' in the header; expected " + HEADER + " (volume optional)");
      }
      if (positions[index] != ABSENT) {
        throw new InvalidInputException(source + ": column '" + name + "' appears twice in the header");
      }
      positions[index] = i;
    }
    for (int k = 0; k < NAMES.size() - 1; k++) {
      if (positions[k] == ABSENT) {
        throw new InvalidInputException(source + ": the header has no '" + NAMES.get(k) + "' column; expected "
            + HEADER + " (volume optional), got " + String.join(",", header));
      }
    }
    return new BarColumns(positions[0], positions[1], positions[2], positions[3], positions[4], positions[5],
        positions[6], header.size());
  }

  public boolean hasVolume() {
    return volume != ABSENT;
  }
}

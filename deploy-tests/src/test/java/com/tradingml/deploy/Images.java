package com.tradingml.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Image references: pinned means an explicit tag that is not "latest" (a digest may follow). */
final class Images {

  private static final Pattern REFERENCE = Pattern.compile(
      "^(?<name>[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)"
          + ":(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})(?:@sha256:[a-f0-9]{64})?$");

  private Images() {}

  /** Null when {@code image} is pinned, else why it is not. */
  static String problem(String image) {
    if (image == null || image.isBlank()) {
      return "no image";
    }
    Matcher m = REFERENCE.matcher(image);
    if (!m.matches()) {
      return "'" + image + "' has no explicit tag (or is not a valid reference)";
    }
    String tag = m.group("tag");
    if (tag.equalsIgnoreCase("latest") || tag.equalsIgnoreCase("main") || tag.equalsIgnoreCase("master")) {
      return "'" + image + "' uses the moving tag '" + tag + "'";
    }
    return null;
  }
}

package com.tradingml.serving;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The API keys that may call {@code /v1/*} and their roles (RELIABILITY.md S6).
 *
 * <p>Format ({@code PIPELINE_API_KEYS}, or a mounted file): entries {@code KEY:ROLE} separated by commas or
 * line ends; blank lines and lines starting with {@code #} are ignored; ROLE is {@code decide} (decisions,
 * bars, the active model) or {@code admin} (everything, the kill switch included). Keys are at least
 * {@value #MIN_KEY_LENGTH} characters of printable ASCII without {@code :} or {@code ,}.
 *
 * <p>Only SHA-256 digests of the keys are kept. A presented key is hashed and compared with <b>every</b> stored
 * digest by {@link MessageDigest#isEqual} (constant time in the digest, no early exit over the keys), so the
 * time taken says nothing about how close a guess was. Keys never appear in logs, errors or
 * {@link #toString()}: a key is named by its {@linkplain Principal#fingerprint() fingerprint} (the first 12
 * hex digits of its digest). Immutable and thread-safe.
 */
public final class ApiKeys {

  /** Shortest accepted key: shorter ones are guessable. */
  public static final int MIN_KEY_LENGTH = 16;

  /** What a key may do. */
  public enum Role {
    /** Decisions, bars and the active model. */
    DECIDE,
    /** Everything DECIDE may, and the admin endpoints (kill switch). */
    ADMIN;

    /** Whether this role may call an endpoint that requires {@code needed}. */
    public boolean allows(Role needed) {
      return this == ADMIN || needed == DECIDE;
    }

    static Role parse(String text, String where) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "decide" -> DECIDE;
        case "admin" -> ADMIN;
        default -> throw new IllegalArgumentException(where + ": role must be 'decide' or 'admin', got '"
            + text.trim() + "'");
      };
    }
  }

  /** An authenticated caller: the role of the matching key and the key's fingerprint (for audit, never the key). */
  public record Principal(Role role, String fingerprint) {}

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ApiKeys::newDigest);

  private final byte[][] digests;
  private final Role[] roles;
  private final String[] fingerprints;

  private ApiKeys(List<byte[]> digests, List<Role> roles) {
    this.digests = digests.toArray(new byte[0][]);
    this.roles = roles.toArray(new Role[0]);
    this.fingerprints = new String[this.digests.length];
    for (int i = 0; i < this.digests.length; i++) {
      fingerprints[i] = HexFormat.of().formatHex(this.digests[i]).substring(0, 12);
    }
  }

  /** No keys: every {@code /v1} request is refused with 401. */
  public static ApiKeys none() {
    return new ApiKeys(List.of(), List.of());
  }

  /**
   * Parses {@code spec} (see the class comment). {@code source} names where it came from in error messages
   * (e.g. {@code "PIPELINE_API_KEYS"}); a message names the entry by its position, never its text.
   */
  public static ApiKeys parse(String spec, String source) {
    List<byte[]> digests = new ArrayList<>();
    List<Role> roles = new ArrayList<>();
    int entry = 0;
    for (String line : spec.split("\\R")) {
      String trimmedLine = line.trim();
      if (trimmedLine.isEmpty() || trimmedLine.startsWith("#")) {
        continue;
      }
      for (String item : trimmedLine.split(",")) {
        String text = item.trim();
        if (text.isEmpty()) {
          continue;
        }
        entry++;
        String where = source + ", entry " + entry;
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException(where + ": expected KEY:ROLE (role decide or admin)");
        }
        String key = text.substring(0, colon).trim();
        Role role = Role.parse(text.substring(colon + 1), where);
        if (key.length() < MIN_KEY_LENGTH) {
          throw new IllegalArgumentException(where + ": key shorter than " + MIN_KEY_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
          char ch = key.charAt(i);
          if (ch <= ' ' || ch > '~' || ch == ':') {
            throw new IllegalArgumentException(where + ": key must be printable ASCII without spaces or ':'");
          }
        }
        byte[] digest = digest(key);
        for (byte[] existing : digests) {
          if (MessageDigest.isEqual(existing, digest)) {
            throw new IllegalArgumentException(where + ": the same key is listed twice");
          }
        }
        digests.add(digest);
        roles.add(role);
      }
    }
    return new ApiKeys(digests, roles);
  }

  public int size() {
    return digests.length;
  }

  /**
   * The caller an {@code Authorization} header value authenticates: {@code Bearer <key>} with a known key.
   * Empty for a missing or malformed header or an unknown key (the caller answers 401 either way).
   */
  public Optional<Principal> authenticate(String authorization) {
    if (authorization == null || authorization.length() < 8
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = authorization.substring(7).trim();
    if (token.isEmpty() || token.length() > 1024) {
      return Optional.empty();
    }
    byte[] presented = digest(token);
    int match = -1;
    for (int i = 0; i < digests.length; i++) {
      // No early exit: every stored digest is compared, in constant time each.
      boolean equal = MessageDigest.isEqual(digests[i], presented);
      match = equal ? i : match;
    }
    return match < 0 ? Optional.empty() : Optional.of(new Principal(roles[match], fingerprints[match]));
  }

  private static byte[] digest(String key) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return sha.digest(key.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The number of keys per role; never a key. */
  @Override
  public String toString() {
    long admins = java.util.Arrays.stream(roles).filter(r -> r == Role.ADMIN).count();
    return "ApiKeys[" + digests.length + " keys, " + admins + " admin]";
  }
}

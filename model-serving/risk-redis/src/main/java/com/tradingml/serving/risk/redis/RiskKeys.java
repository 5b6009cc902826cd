package com.tradingml.serving.risk.redis;

import java.nio.charset.StandardCharsets;

/**
 * The Redis key layout of the risk state, under a configurable prefix ({@code risk:} by default):
 *
 * <pre>
 * {prefix}{{account}}:state            hash: version (integer, 1 on the first write), bytes (RiskStateCodec state)
 * {prefix}{{account}}:order:{id}       string: RiskStateCodec decision bytes, expiring after the decision TTL
 * </pre>
 *
 * e.g. {@code risk:{acct-7}:state} and {@code risk:{acct-7}:order:ord-42}. The braces are a Redis Cluster hash
 * tag: one account's keys live in one slot, so the compare-and-set script may touch all of them. In the
 * account, {@code %}, <code>{</code> and <code>}</code> are percent-encoded, so the account part ends at the
 * first closing brace and no two (account, id) pairs share a key. Keys are UTF-8. Immutable and thread-safe.
 */
public final class RiskKeys {

  public static final String DEFAULT_PREFIX = "risk:";

  private final String prefix;

  public RiskKeys(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("key prefix must not be empty");
    }
    for (int i = 0; i < prefix.length(); i++) {
      char ch = prefix.charAt(i);
      if (Character.isWhitespace(ch) || Character.isISOControl(ch) || ch == '{' || ch == '}' || ch == '*'
          || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
        throw new IllegalArgumentException("key prefix must not contain whitespace, control characters, braces or"
            + " glob characters: '" + prefix + "'");
      }
    }
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public String stateKey(String account) {
    return accountPart(account) + ":state";
  }

  public String decisionKey(String account, String clientOrderId) {
    if (clientOrderId == null || clientOrderId.isEmpty()) {
      throw new IllegalArgumentException("client order id must not be empty");
    }
    return accountPart(account) + ":order:" + clientOrderId;
  }

  /** A SCAN pattern matching every key of this prefix (the prefix holds no glob characters). */
  public String everyKeyPattern() {
    return prefix + "*";
  }

  static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private String accountPart(String account) {
    if (account == null || account.isEmpty()) {
      throw new IllegalArgumentException("account must not be empty");
    }
    StringBuilder key = new StringBuilder(prefix.length() + account.length() + 16).append(prefix).append('{');
    for (int i = 0; i < account.length(); i++) {
      char ch = account.charAt(i);
      switch (ch) {
        case '%' -> key.append("%25");
        case '{' -> key.append("%7B");
        case '}' -> key.append("%7D");
        default -> key.append(ch);
      }
    }
    return key.append('}').toString();
  }

  @Override
  public String toString() {
    return "RiskKeys[" + prefix + "]";
  }
}

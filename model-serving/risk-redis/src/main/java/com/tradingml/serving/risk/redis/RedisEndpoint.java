package com.tradingml.serving.risk.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a Redis server is and how to log in: parsed from {@code PipelineConfig.redisUrl()}, the form
 * {@code redis[s]://[[user]:password@]host[:port][/database]} (port 6379 and database 0 by default;
 * {@code rediss} means TLS). The user and password are URL-decoded.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password, so an endpoint may be logged.
 */
public record RedisEndpoint(String host, int port, int database, String user, String password, boolean tls) {

  public static final int DEFAULT_PORT = 6379;

  public RedisEndpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("redis host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("redis port must be 1 to 65535: " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("redis database must not be negative: " + database);
    }
    if (user != null && password == null) {
      throw new IllegalArgumentException("redis user " + user + " given without a password");
    }
  }

  /** A server without authentication, database 0, plain TCP. */
  public static RedisEndpoint of(String host, int port) {
    return new RedisEndpoint(host, port, 0, null, null, false);
  }

  /**
   * @throws IllegalArgumentException naming the problem (never the password) when the URL is not a redis URL
   */
  public static RedisEndpoint parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("redis URL must not be blank");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a redis URL: " + masked(url) + " (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))) {
      throw new IllegalArgumentException("redis URL must start with redis:// or rediss://: " + masked(url));
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("redis URL has no host: " + masked(url));
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("redis URL takes no query or fragment: " + masked(url));
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("redis URL path must be a database number: " + masked(url));
      }
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        // redis://secret@host: the classic form, the password alone (the default user).
        password = decode(userInfo);
      } else {
        String name = decode(userInfo.substring(0, colon));
        user = name.isEmpty() ? null : name;
        password = decode(userInfo.substring(colon + 1));
      }
    }
    return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database, user,
        password, scheme.equalsIgnoreCase("rediss"));
  }

  /** Whether a connection must send a command before it is usable (AUTH, SELECT): a second round trip. */
  boolean needsHandshake() {
    return password != null || database != 0;
  }

  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://") + (password == null ? "" : (user == null ? "" : user) + ":***@") + host
        + ":" + port + "/" + database;
  }

  /** Percent-decoding only: in a URL's user info a '+' is a plus, not a space (URLDecoder is for forms). */
  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String masked(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}

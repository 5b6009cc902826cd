package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No secret values in the deployment files (RELIABILITY.md K1, S6): a scan of k8s/, spark-operator/,
 * monitoring/, deploy/, .github/ and docker-compose.yml for things that look like keys or passwords.
 */
class NoSecretsInRepositoryTest {

  private static final List<Pattern> SECRET_SHAPES = List.of(
      Pattern.compile("AKIA[0-9A-Z]{16}"),                                   // AWS access key id
      Pattern.compile("-----BEGIN (?:RSA |EC |OPENSSH |ENCRYPTED |DSA )?PRIVATE KEY-----"),
      Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"), // a JWT
      Pattern.compile("hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+"),
      Pattern.compile("gh[pousr]_[A-Za-z0-9]{36}"),                         // GitHub tokens
      Pattern.compile("xox[baprs]-[A-Za-z0-9-]{10,}"),                      // Slack tokens
      // credentials in a URL: scheme://user:password@host, unless the password is a variable or placeholder
      Pattern.compile("[a-z][a-z0-9+.-]*://[^\\s:/@\"'$]+:(?![$<{*]|\\*\\*\\*)[^\\s@/\"'$]{3,}@[A-Za-z0-9.-]+"),
      // key: value, where the key names a secret and the value is a literal (not empty, a variable, a
      // file path, a reference or a placeholder)
      Pattern.compile("(?im)^\\s*[\"']?[A-Za-z0-9_.-]*(?:password|passwd|secret|secret[_-]?key|access[_-]?key|api[_-]?key|token)"
          + "[\"']?[ \\t]*[:=][ \\t]*[\"']?(?![\"']?[ \\t]*$)(?![$<{]|/|\\*|\\\\|true|false|none|null|changeme|\\.\\.\\.|\"\"|'')[A-Za-z0-9+/=_@#%^&!.-]{8,}[\"']?[ \\t]*$"));

  private static final List<String> SCANNED = List.of("k8s", "spark-operator", "monitoring", "deploy", ".github");

  static List<String> findings(String text) {
    List<String> found = new ArrayList<>();
    for (Pattern shape : SECRET_SHAPES) {
      Matcher m = shape.matcher(text);
      while (m.find()) {
        found.add(m.group().trim());
      }
    }
    return found;
  }

  @Test
  void shouldFindNoSecretValueInTheDeploymentFiles() {
    List<Path> files = new ArrayList<>();
    for (String dir : SCANNED) {
      files.addAll(Repo.files(dir));
    }
    files.add(Repo.path("docker-compose.yml"));
    files.removeIf(p -> p.toString().contains("/target/") || p.toString().endsWith(".tar") || p.toString().endsWith(".jar")
        || p.toString().contains("/deploy/secrets/") || p.getFileName().toString().equals("compose.env"));
    assertThat(files).hasSizeGreaterThan(30);
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      for (String finding : findings(Repo.read(file))) {
        problems.add(Repo.relative(file) + ": " + finding);
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The scanner is not vacuous: each shape it knows is found in a sample, and references are not. */
  @Test
  void shouldRecognizeSecretShapesAndLeaveReferencesAlone() {
    assertThat(findings("aws_key: AKIAIOSFODNN7EXAMPLE")).isNotEmpty();
    assertThat(findings("-----BEGIN RSA PRIVATE KEY-----\nMIIE")).isNotEmpty();
    assertThat(findings("url: postgres://pipeline:s3cr3tPassw0rd@db:5432/pipeline")).isNotEmpty();
    assertThat(findings("  PIPELINE_CATALOG_PASSWORD: hunter2hunter2")).isNotEmpty();
    assertThat(findings("  secret_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY")).isNotEmpty();
    assertThat(findings("token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"))
        .isNotEmpty();

    assertThat(findings("  PIPELINE_CATALOG_PASSWORD: \"\"")).isEmpty();
    assertThat(findings("  POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password")).isEmpty();
    assertThat(findings("  password: ${{ secrets.DB_PASSWORD }}")).isEmpty();
    assertThat(findings("  PIPELINE_REDIS_URL: redis://:$REDIS_PASSWORD@redis:6379/0")).isEmpty();
    assertThat(findings("  secretKeyRef:")).isEmpty();
    assertThat(findings("  key: PIPELINE_OBJECT_STORE_SECRET_KEY")).isEmpty();
  }
}

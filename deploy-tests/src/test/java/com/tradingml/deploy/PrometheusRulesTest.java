package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Prometheus rules, their unit tests and the scrape configurations, checked by promtool (Debian's
 * prometheus package) when it is on the PATH; Alertmanager's routing by amtool
 * (prometheus-alertmanager). The structural checks below run everywhere.
 */
class PrometheusRulesTest {

  private static final String MISSING_PROMTOOL = "promtool is not on the PATH: install Debian's prometheus package "
      + "(apt-get install -y --no-install-recommends prometheus); run-tests does so when it is missing";

  /** An alert rule: its group file, name and labels/annotations. */
  record Alert(Path file, String name, Map<String, Object> rule) {}

  static List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (Path file : Repo.files("monitoring/rules", ".rules.yml")) {
      for (Map<String, Object> group : Repo.maps(Repo.yaml(file), "groups")) {
        for (Map<String, Object> rule : Repo.maps(group, "rules")) {
          if (rule.containsKey("alert")) {
            alerts.add(new Alert(file, rule.get("alert").toString(), rule));
          }
        }
      }
    }
    return alerts;
  }

  static List<String> recordingRules() {
    List<String> records = new ArrayList<>();
    for (Path file : Repo.files("monitoring/rules", ".rules.yml")) {
      for (Map<String, Object> group : Repo.maps(Repo.yaml(file), "groups")) {
        for (Map<String, Object> rule : Repo.maps(group, "rules")) {
          if (rule.containsKey("record")) {
            records.add(rule.get("record").toString());
          }
        }
      }
    }
    return records;
  }

  @Test
  void shouldPassPromtoolCheckRules() {
    Path promtool = Tools.onPath("promtool").orElse(null);
    assumeTrue(promtool != null, MISSING_PROMTOOL);
    List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
    Repo.files("monitoring/rules", ".rules.yml").forEach(f -> command.add(Repo.path("monitoring").relativize(f).toString()));
    Tools.Result result = Tools.run(Repo.path("monitoring"), command);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void shouldPassPromtoolCheckConfigForTheClusterAndTheLocalStack() {
    Path promtool = Tools.onPath("promtool").orElse(null);
    assumeTrue(promtool != null, MISSING_PROMTOOL);
    for (String config : List.of("prometheus.yml", "prometheus-compose.yml")) {
      Tools.Result result = Tools.run(Repo.path("monitoring"), List.of(promtool.toString(), "check", "config", config));
      assertThat(result.exitCode()).as(config + ":\n" + result.output()).isZero();
      assertThat(result.output()).contains("SUCCESS: 5 rule files found");
    }
  }

  @Test
  void shouldPassEveryPromtoolUnitTest() {
    Path promtool = Tools.onPath("promtool").orElse(null);
    assumeTrue(promtool != null, MISSING_PROMTOOL);
    List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
    Repo.files("monitoring/tests", ".test.yml").forEach(f -> command.add(f.getFileName().toString()));
    Tools.Result result = Tools.run(Repo.path("monitoring/tests"), command);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("FAILED");
  }

  @Test
  void shouldPassAmtoolCheckConfig() {
    Path amtool = Tools.onPath("amtool").orElse(null);
    assumeTrue(amtool != null, "amtool is not on the PATH: install Debian's prometheus-alertmanager package");
    Tools.Result result = Tools.run(Repo.path("monitoring/alertmanager"), List.of(amtool.toString(), "check-config", "alertmanager.yml"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /** Every alert has a unit test in which it fires and one in which it stays silent. */
  @Test
  void shouldUnitTestEveryAlertFiringAndSilent() {
    Set<String> firing = new HashSet<>();
    Set<String> silent = new HashSet<>();
    Set<String> testedRecords = new HashSet<>();
    Set<String> ruleFilesUnderTest = new HashSet<>();
    for (Path file : Repo.files("monitoring/tests", ".test.yml")) {
      Map<String, Object> tests = Repo.yaml(file);
      Repo.list(tests, "rule_files").forEach(f -> ruleFilesUnderTest.add(file.getParent().resolve(f.toString()).normalize().toString()));
      for (Map<String, Object> test : Repo.maps(tests, "tests")) {
        for (Map<String, Object> check : Repo.maps(test, "alert_rule_test")) {
          (Repo.list(check, "exp_alerts").isEmpty() ? silent : firing).add(check.get("alertname").toString());
        }
        for (Map<String, Object> check : Repo.maps(test, "promql_expr_test")) {
          testedRecords.add(check.get("expr").toString().trim());
        }
      }
    }
    List<String> alertNames = alerts().stream().map(Alert::name).toList();
    assertThat(alertNames).hasSizeGreaterThanOrEqualTo(15).doesNotHaveDuplicates();
    assertThat(firing).as("alerts with a firing test").containsAll(alertNames);
    assertThat(silent).as("alerts with a silent test").containsAll(alertNames);
    assertThat(testedRecords).as("recording rules with a test").containsAll(recordingRules());
    for (Path rules : Repo.files("monitoring/rules", ".rules.yml")) {
      assertThat(ruleFilesUnderTest).as("rule files loaded by a test").contains(rules.normalize().toString());
    }
  }

  @Test
  void shouldCoverTheAlertsTheIssueAsksFor() {
    Map<String, String> exprs = new HashMap<>();
    alerts().forEach(a -> exprs.put(a.name(), a.rule().get("expr").toString()));
    assertThat(exprs).containsKeys("ServingDecisionLatencyHigh", "ServingErrorRateHigh", "KillSwitchEngaged",
        "DailyLossThresholdBreached", "RiskRejectSpike", "BarsStale", "PipelineJobFailed", "PipelineJobMissedSchedule",
        "PipelineJobTooSlow", "ModelTestAucDegraded", "ModelLiveAccuracyDrift", "FeatureDriftPsiHigh");
    assertThat(exprs.get("ServingDecisionLatencyHigh")).contains("> 0.5");
    assertThat(exprs.get("ServingErrorRateHigh")).contains("> 0.01");
    assertThat(exprs.get("FeatureDriftPsiHigh")).contains("pipeline_feature_psi > 0.2");
    assertThat(Repo.read(Repo.path("monitoring/rules/serving.rules.yml"))).contains("histogram_quantile(0.95");
  }

  /** Severity, owner, summary and a runbook that exists in docs/operations.md, for every alert. */
  @Test
  void shouldGiveEveryAlertASeverityOwnerSummaryAndAnExistingRunbook() {
    String operations = Repo.read(Repo.path("docs/operations.md"));
    Set<String> anchors = markdownAnchors(operations);
    for (Alert alert : alerts()) {
      assertThat(Repo.string(alert.rule(), "labels", "severity")).as(alert.name()).isIn("page", "warning");
      assertThat(Repo.string(alert.rule(), "labels", "team")).as(alert.name()).isNotBlank();
      assertThat(Repo.string(alert.rule(), "annotations", "summary")).as(alert.name()).isNotBlank();
      assertThat(Repo.string(alert.rule(), "annotations", "description")).as(alert.name()).isNotBlank();
      String runbook = Repo.string(alert.rule(), "annotations", "runbook_url");
      assertThat(runbook).as(alert.name()).contains("docs/operations.md#");
      assertThat(anchors).as("runbook anchor of %s", alert.name()).contains(runbook.substring(runbook.indexOf('#') + 1));
    }
  }

  /** The rules use only the metrics monitoring/README.md lists as the contract (plus Prometheus' own). */
  @Test
  void shouldUseOnlyContractMetrics() {
    Set<String> contract = contractMetrics();
    assertThat(contract).contains("serving_decision_latency_seconds", "pipeline_feature_psi", "http_server_requests_seconds",
        "serving_kill_switch_engaged", "pipeline_job_last_success_timestamp_seconds");
    Set<String> used = new TreeSet<>();
    for (Alert alert : alerts()) {
      used.addAll(metricNames(alert.rule().get("expr").toString()));
    }
    for (Path dashboard : Repo.files("monitoring/grafana/dashboards", ".json")) {
      Matcher exprs = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(Repo.read(dashboard));
      while (exprs.find()) {
        used.addAll(metricNames(exprs.group(1)));
      }
    }
    Set<String> records = new HashSet<>(recordingRules());
    for (String metric : used) {
      String base = metric.replaceAll("_(bucket|sum|count)$", "");
      assertThat(contract.contains(metric) || contract.contains(base) || records.contains(metric)
          || metric.startsWith("kube_") || metric.equals("up"))
          .as("metric %s is in monitoring/README.md's contract", metric).isTrue();
    }
  }

  static Set<String> contractMetrics() {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("`([a-z_]+)(?:\\{[^`]*\\})?`").matcher(Repo.read(Repo.path("monitoring/README.md")));
    while (m.find()) {
      if (m.group(1).startsWith("serving_") || m.group(1).startsWith("pipeline_") || m.group(1).startsWith("http_")) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static final Set<String> PROMQL_WORDS = Set.of("sum", "by", "rate", "increase", "histogram_quantile", "max",
      "min", "avg", "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "offset", "time",
      "day_of_week", "hour", "minute", "max_over_time", "avg_over_time", "le", "without", "bool", "count", "abs");

  static Set<String> metricNames(String expr) {
    String withoutLabels = expr.replaceAll("\\{[^}]*\\}", "").replaceAll("\\[[^]]*\\]", "").replaceAll("\"[^\"]*\"", "");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(withoutLabels);
    while (m.find()) {
      String word = m.group();
      int after = m.end();
      boolean grouping = withoutLabels.substring(Math.max(0, m.start() - 80), m.start()).matches("(?s).*\\b(by|on|ignoring|without|group_left|group_right)\\s*\\(\\s*[a-z_, ]*$");
      boolean function = after < withoutLabels.length() && withoutLabels.substring(after).stripLeading().startsWith("(");
      if (!PROMQL_WORDS.contains(word) && !function && !grouping && !word.matches("[0-9].*") && word.contains("_")) {
        names.add(word);
      }
    }
    return names;
  }

  static Set<String> markdownAnchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    for (String line : markdown.split("\n")) {
      if (line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(java.util.Locale.ROOT);
        anchors.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}

package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GitHub Actions workflows: CI on every change, release on a tag. */
class WorkflowsTest {

  private static Map<String, Object> workflow(String name) {
    return Repo.yaml(Repo.path(".github/workflows/" + name));
  }

  /** SnakeYAML reads YAML 1.1, where the key {@code on} is the boolean true. */
  private static Object triggers(Map<String, Object> workflow) {
    Object on = workflow.get("on");
    return on != null ? on : ((Map<?, ?>) workflow).get(Boolean.TRUE);
  }

  private static List<String> runSteps(Map<String, Object> workflow) {
    List<String> runs = new ArrayList<>();
    Repo.map(workflow, "jobs").values().forEach(job -> Repo.maps(job, "steps").forEach(step -> {
      if (step.get("run") != null) {
        runs.add(step.get("run").toString());
      }
    }));
    return runs;
  }

  private static List<String> uses(Map<String, Object> workflow) {
    List<String> uses = new ArrayList<>();
    Repo.map(workflow, "jobs").values().forEach(job -> Repo.maps(job, "steps").forEach(step -> {
      if (step.get("uses") != null) {
        uses.add(step.get("uses").toString());
      }
    }));
    return uses;
  }

  @Test
  void shouldBuildTestAndCheckManifestsInCi() {
    Map<String, Object> ci = workflow("ci.yml");
    assertThat(Repo.map(triggers(ci))).containsKeys("push", "pull_request");
    String runs = String.join("\n", runSteps(ci));
    assertThat(runs).contains("./run-tests", "promtool check rules", "promtool test rules", "promtool check config",
        "amtool check-config", "apt-get install");
    assertThat(Repo.string(ci, "permissions", "contents")).isEqualTo("read");
    Repo.map(ci, "jobs").forEach((name, job) ->
        assertThat(Repo.at(job, "timeout-minutes")).as("timeout of CI job %s", name).isNotNull());
  }

  @Test
  void shouldReleaseSignedImagesWithSbomsThroughStagingAndAnApprovedProduction() {
    Map<String, Object> release = workflow("release.yml");
    assertThat(Repo.list(triggers(release), "push", "tags")).isNotEmpty();
    String runs = String.join("\n", runSteps(release));
    assertThat(runs).contains("-Pimages", "cosign sign", "cosign attest", "--type cyclonedx", "crane push");
    Map<String, Object> jobs = Repo.map(release, "jobs");
    assertThat(Repo.string(jobs, "deploy-staging", "environment", "name")).isEqualTo("staging");
    assertThat(Repo.string(jobs, "deploy-production", "environment", "name")).isEqualTo("production");
    assertThat(Repo.list(jobs, "deploy-production", "needs")).contains("deploy-staging");
    assertThat(Repo.string(jobs, "build-and-push", "permissions", "id-token")).as("keyless cosign").isEqualTo("write");
    assertThat(Repo.string(jobs, "build-and-push", "permissions", "packages")).isEqualTo("write");
  }

  @Test
  void shouldPinEveryActionToAVersion() {
    for (String name : List.of("ci.yml", "release.yml")) {
      for (String use : uses(workflow(name))) {
        assertThat(use).as("%s uses %s", name, use).matches("[\\w.-]+/[\\w./-]+@(v?\\d+(\\.\\d+)*|[0-9a-f]{40})");
      }
    }
  }
}

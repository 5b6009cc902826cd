package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.deploy.Kube.Manifest;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CronJobs keep Kubernetes' "approximately once" semantics safe (RELIABILITY.md B5) and pass the
 * business date explicitly (B2): the container computes it in the CronJob's own time zone.
 */
class CronJobsTest {

  private static List<Manifest> cronJobs() {
    List<Manifest> jobs = Kube.ofKind("CronJob");
    assertThat(jobs).extracting(Manifest::name)
        .containsExactlyInAnyOrder("nightly-retrain", "feature-extraction", "backtest-report", "postgres-backup");
    return jobs;
  }

  @Test
  void shouldForbidConcurrentRunsAndBoundStartRetriesAndRunTime() {
    for (Manifest job : cronJobs()) {
      Map<String, Object> spec = Repo.map(job.object(), "spec");
      Map<String, Object> jobSpec = Repo.map(spec, "jobTemplate", "spec");
      assertThat(spec.get("concurrencyPolicy")).as("%s concurrencyPolicy", job.where()).isEqualTo("Forbid");
      assertThat(positive(spec.get("startingDeadlineSeconds"))).as("%s startingDeadlineSeconds", job.where()).isTrue();
      assertThat(jobSpec.get("backoffLimit")).as("%s backoffLimit", job.where()).isInstanceOf(Integer.class);
      assertThat((Integer) jobSpec.get("backoffLimit")).as("%s backoffLimit", job.where()).isBetween(0, 3);
      assertThat(positive(jobSpec.get("activeDeadlineSeconds"))).as("%s activeDeadlineSeconds", job.where()).isTrue();
      assertThat(Repo.string(jobSpec, "template", "spec", "restartPolicy")).as("%s restartPolicy", job.where()).isEqualTo("Never");
      assertThat(spec.get("suspend")).as("%s suspend", job.where()).isNotEqualTo(true);
    }
  }

  @Test
  void shouldScheduleInAnExplicitTimeZoneThatTheContainerShares() {
    for (Manifest job : cronJobs()) {
      String zone = Repo.string(job.object(), "spec", "timeZone");
      assertThat(zone).as("%s timeZone", job.where()).isNotBlank();
      assertThat(ZoneId.of(zone)).isNotNull();
      String schedule = Repo.string(job.object(), "spec", "schedule");
      assertThat(schedule.trim().split("\\s+")).as("%s schedule has five fields", job.where()).hasSize(5);
      assertThat(schedule).as("%s schedule must not embed a zone", job.where()).doesNotContain("TZ");
      for (Map<String, Object> c : containers(job)) {
        assertThat(Repo.maps(c, "env")).as("%s container %s TZ", job.where(), c.get("name"))
            .anySatisfy(env -> {
              assertThat(env.get("name")).isEqualTo("TZ");
              assertThat(env.get("value")).isEqualTo(zone);
            });
      }
    }
  }

  @Test
  void shouldAvoidTheHoursThatDaylightSavingTimeSkipsOrRepeats() {
    for (Manifest job : cronJobs()) {
      ZoneId zone = ZoneId.of(Repo.string(job.object(), "spec", "timeZone"));
      if (zone.getRules().isFixedOffset()) {
        continue;
      }
      String hours = Repo.string(job.object(), "spec", "schedule").trim().split("\\s+")[1];
      for (String hour : hours.split(",")) {
        assertThat(Integer.parseInt(hour)).as("%s hour %s", job.where(), hour).isNotIn(1, 2);
      }
    }
  }

  @Test
  void shouldPassTheBusinessDateExplicitly() {
    for (Manifest job : cronJobs()) {
      for (Map<String, Object> c : containers(job)) {
        String command = String.join(" ", Repo.list(c, "command").stream().map(Object::toString).toList()) + " "
            + String.join(" ", Repo.list(c, "args").stream().map(Object::toString).toList());
        assertThat(command).as("%s: an operator can override the date", job.where()).contains("BUSINESS_DATE");
        assertThat(command).as("%s: computes the date in the container", job.where()).contains("$(date");
        assertThat(command).as("%s: never asks a job for 'now'", job.where()).doesNotContainIgnoringCase("--now");
      }
    }
    Map<String, Object> nightly = containers(KubernetesManifestsTest.single("CronJob", "nightly-retrain")).get(0);
    assertThat(String.join(" ", Repo.list(nightly, "args").stream().map(Object::toString).toList()))
        .contains("pipeline nightly --date \"${BUSINESS_DATE:-$(date -d yesterday +%F)}\"");
  }

  @Test
  void shouldBackUpPostgresqlToTheObjectStoreWithRetention() {
    Map<String, Object> c = containers(KubernetesManifestsTest.single("CronJob", "postgres-backup")).get(0);
    String script = String.join("\n", Repo.list(c, "args").stream().map(Object::toString).toList());
    assertThat(script).contains("pg_dump", "pg_restore --list", "sha256sum", "rclone copyto", "rclone delete --min-age");
    assertThat(Repo.maps(c, "env")).anySatisfy(env -> {
      assertThat(env.get("name")).isEqualTo("RETENTION_DAYS");
      assertThat(Integer.parseInt(env.get("value").toString())).isBetween(7, 400);
    });
  }

  private static List<Map<String, Object>> containers(Manifest job) {
    return Repo.maps(job.object(), "spec", "jobTemplate", "spec", "template", "spec", "containers");
  }

  private static boolean positive(Object value) {
    return value instanceof Number n && n.longValue() > 0;
  }
}

package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Grafana dashboards (JSON) and their provisioning files. */
class GrafanaDashboardsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<Path> dashboards() {
    return Repo.files("monitoring/grafana/dashboards", ".json");
  }

  @Test
  void shouldShipTheServingPipelineAndTradingRiskDashboards() {
    assertThat(dashboards()).extracting(p -> p.getFileName().toString())
        .contains("serving.json", "pipeline.json", "trading-risk.json");
  }

  @Test
  void shouldBeValidJsonWithUniqueUidsAndPanelIds() throws IOException {
    Set<String> uids = new HashSet<>();
    for (Path file : dashboards()) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      assertThat(dashboard.path("uid").asText()).as(Repo.relative(file)).isNotBlank();
      assertThat(uids.add(dashboard.path("uid").asText())).as("uid of %s is unique", file).isTrue();
      assertThat(dashboard.path("title").asText()).isNotBlank();
      Set<Integer> ids = new HashSet<>();
      List<JsonNode> panels = panels(dashboard);
      assertThat(panels).as(Repo.relative(file)).isNotEmpty();
      for (JsonNode panel : panels) {
        assertThat(panel.has("id")).as("panel %s of %s has an id", panel.path("title"), file).isTrue();
        assertThat(ids.add(panel.path("id").asInt())).as("panel id %s of %s is unique", panel.path("id"), file).isTrue();
        assertThat(panel.path("gridPos").has("w")).as("panel %s gridPos", panel.path("title")).isTrue();
      }
    }
  }

  @Test
  void shouldGiveEveryPanelAProvisionedDatasourceAndAQuery() throws IOException {
    Set<String> datasourceUids = new HashSet<>();
    Map<String, Object> provisioning = Repo.yaml(Repo.path("monitoring/grafana/provisioning/datasources/datasources.yml"));
    Repo.maps(provisioning, "datasources").forEach(d -> datasourceUids.add(d.get("uid").toString()));
    for (Path file : dashboards()) {
      for (JsonNode panel : panels(JSON.readTree(file.toFile()))) {
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        String where = Repo.relative(file) + " panel '" + panel.path("title").asText() + "'";
        assertThat(datasourceUids).as("%s datasource", where).contains(panel.path("datasource").path("uid").asText());
        JsonNode targets = panel.path("targets");
        assertThat(targets.isArray() && targets.size() > 0).as("%s has targets", where).isTrue();
        for (JsonNode target : targets) {
          assertThat(target.path("expr").asText()).as("%s target expr", where).isNotBlank();
          String uid = target.path("datasource").path("uid").asText(panel.path("datasource").path("uid").asText());
          assertThat(datasourceUids).as("%s target datasource", where).contains(uid);
        }
      }
    }
  }

  @Test
  void shouldProvisionTheDashboardsFromTheMountedFolder() {
    Map<String, Object> providers = Repo.yaml(Repo.path("monitoring/grafana/provisioning/dashboards/dashboards.yml"));
    assertThat(Repo.maps(providers, "providers")).anySatisfy(p -> {
      assertThat(p.get("type")).isEqualTo("file");
      assertThat(Repo.string(p, "options", "path")).isEqualTo("/var/lib/grafana/dashboards");
    });
    Map<String, Object> compose = Repo.yaml(Repo.path("docker-compose.yml"));
    assertThat(Repo.list(compose, "services", "grafana", "volumes"))
        .contains("./monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro");
  }

  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      all.add(panel);
      panel.path("panels").forEach(all::add);
    }
    return all;
  }
}

package com.tradingml.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Kubernetes objects of the repository (k8s/ and spark-operator/) and their pod templates. */
final class Kube {

  private Kube() {}

  /** One object of a manifest file. */
  record Manifest(Path file, Map<String, Object> object) {
    String kind() {
      return Repo.string(object, "kind");
    }

    String name() {
      return Repo.string(object, "metadata", "name");
    }

    String where() {
      return Repo.relative(file) + " " + kind() + "/" + name();
    }
  }

  /** A pod template of a workload: the pod spec, the labels of its pods, where it comes from. */
  record PodTemplate(Manifest owner, Map<String, Object> labels, Map<String, Object> spec) {
    String where() {
      return owner.where();
    }

    List<Map<String, Object>> containers() {
      List<Map<String, Object>> all = new ArrayList<>(Repo.maps(spec, "initContainers"));
      all.addAll(Repo.maps(spec, "containers"));
      return all;
    }
  }

  static List<Manifest> manifests(String... dirs) {
    List<Manifest> manifests = new ArrayList<>();
    for (String dir : dirs) {
      for (Path file : Repo.files(dir, ".yaml", ".yml")) {
        for (Map<String, Object> object : Repo.yamlDocuments(file)) {
          manifests.add(new Manifest(file, object));
        }
      }
    }
    return manifests;
  }

  /** The Kubernetes objects (anything with apiVersion and kind) of k8s/ and spark-operator/. */
  static List<Manifest> all() {
    return manifests("k8s", "spark-operator").stream()
        .filter(m -> m.object().containsKey("apiVersion") && m.object().containsKey("kind"))
        .filter(m -> !m.kind().equals("Kustomization"))
        .toList();
  }

  static List<Manifest> ofKind(String kind) {
    return all().stream().filter(m -> kind.equals(m.kind())).toList();
  }

  /** The pod templates of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs. */
  static List<PodTemplate> podTemplates() {
    List<PodTemplate> templates = new ArrayList<>();
    for (Manifest m : all()) {
      Object template = switch (m.kind()) {
        case "Deployment", "StatefulSet", "DaemonSet", "Job" -> Repo.at(m.object(), "spec", "template");
        case "CronJob" -> Repo.at(m.object(), "spec", "jobTemplate", "spec", "template");
        default -> null;
      };
      if (template != null) {
        templates.add(new PodTemplate(m, Repo.map(template, "metadata", "labels"), Repo.map(template, "spec")));
      }
    }
    return templates;
  }

  /** The SparkApplication specs: of SparkApplications, and the templates of ScheduledSparkApplications. */
  static List<Map.Entry<Manifest, Map<String, Object>>> sparkApplicationSpecs() {
    List<Map.Entry<Manifest, Map<String, Object>>> specs = new ArrayList<>();
    for (Manifest m : all()) {
      if ("SparkApplication".equals(m.kind())) {
        specs.add(Map.entry(m, Repo.map(m.object(), "spec")));
      } else if ("ScheduledSparkApplication".equals(m.kind())) {
        specs.add(Map.entry(m, Repo.map(m.object(), "spec", "template")));
      }
    }
    return specs;
  }
}

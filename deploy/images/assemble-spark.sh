#!/usr/bin/env bash
# Lays out the Spark distribution of the Spark image under OUT/opt/spark (a Jib extra directory):
#   jars/                     every compile- and provided-scope jar of feature-engineering (Spark,
#                             spark-kubernetes, the S3A committers, Iceberg...), copied there before
#                             by maven-dependency-plugin (profile `images`)
#   feature-engineering.jar   the application (SparkApplication mainApplicationFile
#                             local:///opt/spark/feature-engineering.jar)
#   spark-classpath.txt       the jars as container paths: what the CLI's local driver reads
#                             (jobs' SparkDriverProcess, PIPELINE_SPARK_HOME=/opt/spark)
#   conf/                     empty: Spark on Kubernetes mounts its spark.properties here
# Also copies the module's CycloneDX SBOM (target/bom.json) to SBOM_OUT/opt/sbom/bom.json.
#
# SPARK_DIST_DIR (optional): an unpacked Spark binary distribution of the same version and Scala
# 2.13 (spark-3.5.x-bin-hadoop3-scala2.13). Its jars/ replace Maven's Spark jars: they include
# spark-kubernetes_2.13 (needed to run under the Spark operator) and, in distributions built with
# -Phadoop-cloud, spark-hadoop-cloud_2.13 (the S3A committers' Spark bindings); neither is published
# to Maven Central for Spark 3.5. Without it the image runs Spark with a local master only (the jobs
# image's CLI and the feature-extraction CronJob), which is what this offline machine can build.
# Usage: assemble-spark.sh MODULE_TARGET_DIR [SPARK_DIST_DIR]
set -euo pipefail
TARGET="${1:?usage: assemble-spark.sh MODULE_TARGET_DIR [SPARK_DIST_DIR]}"
DIST="${2:-}"
OUT="$TARGET/image-spark"
mkdir -p "$OUT/opt/spark/jars" "$OUT/opt/spark/conf"
if [ -n "$DIST" ]; then
  [ -d "$DIST/jars" ] || { echo "assemble-spark: $DIST/jars does not exist" >&2; exit 1; }
  WANT="$(basename "$(ls "$OUT/opt/spark/jars"/spark-core_2.13-*.jar)" | sed 's/^spark-core_2.13-//; s/\.jar$//')"
  ls "$DIST/jars/spark-core_2.13-$WANT.jar" >/dev/null 2>&1 \
    || { echo "assemble-spark: $DIST is not Spark $WANT for Scala 2.13" >&2; exit 1; }
  # Keep Maven's jars that the distribution lacks (Iceberg, our modules, JDBC drivers, hadoop-aws...).
  for jar in "$OUT/opt/spark/jars"/*.jar; do
    name="$(basename "$jar" | sed -E 's/-[0-9][^-]*(-[A-Za-z0-9.]+)*\.jar$//')"
    if ls "$DIST/jars/$name"-[0-9]*.jar >/dev/null 2>&1; then rm -f "$jar"; fi
  done
  cp "$DIST"/jars/*.jar "$OUT/opt/spark/jars/"
fi
[ -e "$OUT/opt/spark/jars/spark-kubernetes_2.13-"*.jar ] 2>/dev/null \
  || echo "assemble-spark: no spark-kubernetes_2.13 jar: this image runs Spark with a local master only" >&2
cp "$TARGET/feature-engineering.jar" "$OUT/opt/spark/feature-engineering.jar"
(cd "$OUT/opt/spark/jars" && ls -1 *.jar | sort | sed 's#^#/opt/spark/jars/#' | paste -sd: -) > "$OUT/opt/spark/spark-classpath.txt"
touch "$OUT/opt/spark/conf/.keep"
"$(dirname "${BASH_SOURCE[0]}")/copy-sbom.sh" "$TARGET"
echo "assemble-spark: $(ls "$OUT/opt/spark/jars" | wc -l) jars in $OUT/opt/spark" >&2

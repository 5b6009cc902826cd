#!/bin/sh
# The Spark image's entrypoint (POSIX sh: the image has dash, no bash, grep or sed). Spark on
# Kubernetes starts its pods with `driver ...` or `executor`; the same contract as Spark's own
# kubernetes/dockerfiles/spark/entrypoint.sh, without spark-submit's bash launcher: the driver runs
# SparkSubmit in client mode in this JVM (so its JVM flags are here, and the heap follows the pod's
# memory limit), executors run KubernetesExecutorBackend. Anything else is run as given.
set -e
JAVA="${JAVA_HOME:-/opt/java}/bin/java"
SPARK_HOME="${SPARK_HOME:-/opt/spark}"
CLASSPATH="$SPARK_HOME/conf:$SPARK_HOME/jars/*${SPARK_EXTRA_CLASSPATH:+:$SPARK_EXTRA_CLASSPATH}"
# Java 17 needs these for Spark (shared/STACK.md gotcha 1).
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
 --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
 -Djdk.reflect.useDirectMethodHandle=false -Djava.io.tmpdir=/tmp"

case "${1:-}" in
  driver)
    shift
    # shellcheck disable=SC2086
    exec "$JAVA" $OPENS -XX:MaxRAMPercentage=75 ${SPARK_DRIVER_JAVA_OPTS:-} -cp "$CLASSPATH" \
      org.apache.spark.deploy.SparkSubmit \
      --conf "spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=$SPARK_DRIVER_BIND_ADDRESS" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    # The executor's Java options arrive as SPARK_JAVA_OPT_0, SPARK_JAVA_OPT_1, ... in order.
    set --
    i=0
    while eval "opt=\${SPARK_JAVA_OPT_$i-}"; [ -n "$opt" ]; do
      set -- "$@" "$opt"
      i=$((i + 1))
    done
    exec "$JAVA" "$@" -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
      -cp "$CLASSPATH${SPARK_DIST_CLASSPATH:+:$SPARK_DIST_CLASSPATH}" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" --executor-id "$SPARK_EXECUTOR_ID" --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "${SPARK_RESOURCE_PROFILE_ID:-0}" --podName "$SPARK_EXECUTOR_POD_NAME"
    ;;
  *)
    exec "$@"
    ;;
esac

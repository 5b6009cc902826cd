#!/usr/bin/env bash
# Assembles the base file system our images are built FROM SCRATCH with Jib (no registry, no daemon):
#   OUT/opt/java                a jlink'ed Java 17 runtime made from this machine's JDK (jmods)
#   OUT/lib..., OUT/usr/lib...  the shared libraries that runtime and the bundled native code (ND4J,
#                               OpenBLAS, Spark's snappy/zstd) need, copied from this machine (ldd)
#   OUT/etc/passwd, group       root and the non-root user 65532 (nonroot) the containers run as
#   OUT/etc/nsswitch.conf       host lookups: files, then DNS (glibc >= 2.34 has both built in)
#   OUT/etc/ssl/certs/java/cacerts  the CA bundle the runtime trusts (S3/PostgreSQL over TLS)
#   OUT/tmp                     1777; Kubernetes mounts an emptyDir over it (read-only root file system)
#   OUT/bin/sh, date, rm        only with --with-shell: dash, GNU date and rm, plus the time zone data
#   OUT/usr/share/zoneinfo      (for the Spark entrypoint and the CronJobs' business-date arithmetic)
# Usage: assemble-runtime.sh OUT_DIR [--with-shell]
# Idempotent: an existing OUT_DIR/opt/java is reused (delete OUT_DIR to rebuild).
set -euo pipefail
OUT="${1:?usage: assemble-runtime.sh OUT_DIR [--with-shell]}"
WITH_SHELL="${2:-}"
JDK="${JLINK_JDK:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}}"
log() { echo "assemble-runtime: $*" >&2; }

[ -d "$JDK/jmods" ] || { log "no jmods in $JDK: install Debian's openjdk-17-jdk-headless (it ships them) or set JLINK_JDK"; exit 1; }
"$JDK/bin/java" -version 2>&1 | grep -q '"17\.' || { log "$JDK is not a Java 17 JDK"; exit 1; }

# The modules Spark, Hadoop, Iceberg, DL4J, the JDBC drivers, the CLI and the HTTP server use, plus
# jdk.compiler for the source launcher that runs /opt/tools/HealthCheck.java (no curl in the images).
MODULES=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,\
java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,\
java.security.sasl,java.sql,java.sql.rowset,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.cryptoki,\
jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.security.auth,\
jdk.security.jgss,jdk.unsupported,jdk.zipfs,jdk.localedata,jdk.compiler

mkdir -p "$OUT"
if [ ! -x "$OUT/opt/java/bin/java" ]; then
  log "jlink $JDK -> $OUT/opt/java"
  mkdir -p "$OUT/opt"
  "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --include-locales en \
    --strip-debug --no-man-pages --no-header-files --compress=2 --output "$OUT/opt/java"
fi

# Debian's JDK links lib/security/cacerts to /etc: make the runtime self-contained.
CACERTS=/etc/ssl/certs/java/cacerts
mkdir -p "$OUT/etc/ssl/certs/java"
if [ -s "$CACERTS" ]; then cp -L "$CACERTS" "$OUT/etc/ssl/certs/java/cacerts"; fi
if [ -L "$OUT/opt/java/lib/security/cacerts" ] || [ ! -s "$OUT/opt/java/lib/security/cacerts" ]; then
  rm -f "$OUT/opt/java/lib/security/cacerts"
  [ -s "$OUT/etc/ssl/certs/java/cacerts" ] && cp "$OUT/etc/ssl/certs/java/cacerts" "$OUT/opt/java/lib/security/cacerts"
fi

copy_lib() { # copies a library (following symlinks) to the same path under OUT
  local lib="$1"
  [ -e "$lib" ] || return 0
  mkdir -p "$OUT$(dirname "$lib")"
  cp -L "$lib" "$OUT$lib"
}

# Every ELF file of the runtime, plus the native libraries the Java code loads at run time
# (ND4J/OpenBLAS via JavaCPP, snappy/zstd/lz4 via their jars): libraries they link to.
# AWT's display, font and image libraries are left out: the images are headless servers.
ELFS=$(find "$OUT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjawt.so' ! -name 'libfontmanager.so' \
  ! -name 'liblcms.so' ! -name 'libjavajpeg.so')
EXTRA="libstdc++.so.6 libgcc_s.so.1 libgomp.so.1 libquadmath.so.0 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libz.so.1 libutil.so.1"
SHELL_BIN=""
if [ "$WITH_SHELL" = "--with-shell" ]; then SHELL_BIN="/usr/bin/dash $(readlink -f /bin/date) $(readlink -f /bin/rm)"; fi
for f in $ELFS $SHELL_BIN; do
  ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\s*\/lib/ {print $1}' || true
done | sort -u | while read -r lib; do
  case "$lib" in "$OUT"*) ;; *) copy_lib "$lib" ;; esac
done
for name in $EXTRA; do
  for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu; do
    if [ -e "$dir/$name" ]; then copy_lib "$dir/$name"; break; fi
  done
done
copy_lib /lib64/ld-linux-x86-64.so.2

if [ -n "$SHELL_BIN" ]; then
  mkdir -p "$OUT/bin" "$OUT/usr/share/zoneinfo"
  cp -L /usr/bin/dash "$OUT/bin/sh"
  cp -L /bin/date "$OUT/bin/date"
  cp -L /bin/rm "$OUT/bin/rm"     # Spark deletes its temporary directories with rm -rf (else a slower fallback and a warning)
  # Time zones for TZ=America/New_York etc. (without the duplicate right/ and posix/ trees).
  tar -C /usr/share/zoneinfo --exclude=./right --exclude=./posix -chf - . | tar -C "$OUT/usr/share/zoneinfo" -xf -
fi

mkdir -p "$OUT/etc" "$OUT/tmp" "$OUT/home/nonroot"
cat > "$OUT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat > "$OUT/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$OUT/etc/nsswitch.conf"
chmod 1777 "$OUT/tmp"
log "done: $(du -sh "$OUT" | cut -f1) in $OUT"

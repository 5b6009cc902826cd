#!/usr/bin/env bash
# Runs a command inside an image tar built by Jib WITHOUT a container engine: unpacks the layers into
# a directory and chroots into it as the image's user (needs root, for chroot and mounting /proc).
# A smoke test of the images on a machine with no Docker (docs/operations.md "Images"), e.g.
#   deploy/images/chroot-run.sh jobs/target/jib-image.tar /usr/local/bin/pipeline --help
# The environment is the image's (Env of its config), plus HOME=/tmp. Not a sandbox: trusted images only.
set -euo pipefail
TAR="${1:?usage: chroot-run.sh IMAGE_TAR COMMAND [ARGS...]}"; shift
ROOT="$(mktemp -d)"
chmod 755 "$ROOT"
cleanup() { umount "$ROOT/proc" 2>/dev/null || true; umount "$ROOT/dev" 2>/dev/null || true; rm -rf "$ROOT"; }
trap cleanup EXIT
mkdir -p "$ROOT/.image"
tar -xf "$TAR" -C "$ROOT/.image"
CONFIG="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$ROOT/.image/manifest.json")"
for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$ROOT/.image/manifest.json"); do
  tar --warning=no-unknown-keyword -xzf "$ROOT/.image/$layer" -C "$ROOT"
done
USER_SPEC="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"].get("User") or "0:0")' "$ROOT/.image/$CONFIG")"
mapfile -t ENVS < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["config"].get("Env") or []]' "$ROOT/.image/$CONFIG")
rm -rf "$ROOT/.image"
mkdir -p "$ROOT/proc" "$ROOT/tmp" && chmod 1777 "$ROOT/tmp"
# What a container runtime provides: /dev, /proc and the host name files.
printf "127.0.0.1 localhost\n127.0.1.1 %s\n" "$(hostname)" > "$ROOT/etc/hosts"
cp /etc/hostname "$ROOT/etc/hostname" 2>/dev/null || true
mount -t proc proc "$ROOT/proc"
mkdir -p "$ROOT/dev" && mount --bind /dev "$ROOT/dev"
CHROOT="$(command -v chroot)"
env -i HOME=/tmp "${ENVS[@]}" "$CHROOT" --userspec="$USER_SPEC" "$ROOT" "$@" &
CHILD=$!
# Pass a stop on to the command (as a container runtime would), then clean up.
trap 'kill -TERM "$CHILD" 2>/dev/null || true' TERM INT
set +e
wait "$CHILD"; STATUS=$?
while kill -0 "$CHILD" 2>/dev/null; do wait "$CHILD"; STATUS=$?; done
exit "$STATUS"

#!/usr/bin/env bash
# Puts the module's CycloneDX SBOM (target/bom.json, from cyclonedx-maven-plugin) into the image
# at /opt/sbom/bom.json (the Jib extra directory MODULE_TARGET_DIR/image-sbom).
set -euo pipefail
TARGET="${1:?usage: copy-sbom.sh MODULE_TARGET_DIR}"
[ -s "$TARGET/bom.json" ] || { echo "copy-sbom: $TARGET/bom.json is missing (cyclonedx makeBom runs first)" >&2; exit 1; }
mkdir -p "$TARGET/image-sbom/opt/sbom"
cp "$TARGET/bom.json" "$TARGET/image-sbom/opt/sbom/bom.json"

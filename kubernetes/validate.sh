#!/usr/bin/env bash
# Renders each overlay exactly as `kubectl apply -k` would (kubectl's built-in kustomize v5) and
# validates the result: Kubernetes OpenAPI schema, strict fields, deployment rules
# (kubernetes/validate/validate.mjs). Then runs the validator's own tests, which prove that broken
# manifests are rejected. Run by .ci/run; needs kubectl (with kustomize v5) and Node.js >= 18,
# both on this project's machines; installs the npm packages it needs itself.
# Rendered manifests are left in target/kubernetes/ for reading.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v kubectl >/dev/null; then
  echo "kubernetes/validate.sh: kubectl (with its built-in kustomize v5) is required" >&2
  exit 1
fi
KUSTOMIZE_VERSION=$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"kustomizeVersion": *"\(v[0-9.]*\)".*/\1/p')
case "$KUSTOMIZE_VERSION" in
  v5.*) ;;
  *) echo "kubernetes/validate.sh: kubectl's kustomize is '${KUSTOMIZE_VERSION:-unknown}', need v5 (kubectl >= 1.27)" >&2; exit 1 ;;
esac

(cd validate && npm ci --no-audit --no-fund --loglevel=error)

OUT=../target/kubernetes
mkdir -p "$OUT"
for overlay in overlays/*/; do
  name=$(basename "$overlay")
  kubectl kustomize "$overlay" > "$OUT/$name.yaml"
done
node validate/validate.mjs --app "$OUT"/*.yaml
node validate/validate.mjs examples/*.yaml
(cd validate && node --test validate.test.mjs)
echo "kubernetes manifests: valid (kustomize $KUSTOMIZE_VERSION)"

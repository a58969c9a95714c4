#!/usr/bin/env bash
# Creates every Secret the Vigil manifests reference, with fresh random values, in NAMESPACE
# (default: vigil). Existing Secrets are left alone (rotate them as docs/OPERATIONS.md says).
# Needs kubectl, openssl and a JDK 21+ (for the operator token). Prints nothing secret except
# the operator token, once, which you keep in your password manager.
#
#   deploy/tools/create-k8s-secrets.sh [NAMESPACE]
set -euo pipefail
ns="${1:-vigil}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rand() { openssl rand -base64 32; }
exists() { kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; }
create() { # name, then kubectl create secret arguments
  local name="$1"; shift
  if exists "$name"; then echo "secret/$name exists, kept"; return; fi
  kubectl -n "$ns" create secret "$@" >/dev/null
  echo "secret/$name created"
}
for db in gateway sync scanning secrets repoconfig; do
  create "vigil-db-$db" generic "vigil-db-$db" --type=kubernetes.io/basic-auth \
    --from-literal=username="vigil_$db" --from-literal=password="$(openssl rand -hex 24)"
done
if ! exists vigil-gateway-secrets; then
  operator="$(java "$here/OperatorToken.java")"
  create vigil-gateway-secrets generic vigil-gateway-secrets \
    --from-literal=token-pepper="$(rand)" --from-literal=signing-kek="$(rand)" \
    --from-literal=operator-token="$operator"
  echo "operator token (shown once): $operator"
fi
create vigil-secrets-hash-key generic vigil-secrets-hash-key --from-literal=hash-key="$(rand)"
# The backends' own identities at the gateway: the gateway registers a client per key, and each
# backend exchanges its key for internal JWTs to call repo-config.
create vigil-service-clients generic vigil-service-clients \
  --from-literal=sync-service="$(rand)" --from-literal=scanning-service="$(rand)" \
  --from-literal=secrets-service="$(rand)"
key_id="k$(date +%Y%m)"
create vigil-repo-config-kek generic vigil-repo-config-kek \
  --from-literal=VIGIL_REPO_CONFIG_KEK_ACTIVE="$key_id" \
  --from-literal="VIGIL_REPO_CONFIG_KEK_KEYS_${key_id^^}=$(rand)"
echo "still yours to create: vigil-backup-s3 (ACCESS_KEY_ID, ACCESS_SECRET_KEY for the backup bucket)"
echo "and vigil-gateway-tls (the Ingress certificate, or let cert-manager issue it)"

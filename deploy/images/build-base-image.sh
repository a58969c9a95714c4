#!/usr/bin/env bash
# Builds a minimal Java runtime base image without Docker or a registry: a jlink runtime of the
# JDK in JAVA_HOME under /opt/java, the host's glibc libraries it links against, a non-root user
# (185) and /tmp, written as a `docker save`-format tarball that Jib takes as `tar://<path>`.
#
#   deploy/images/build-base-image.sh OUT.tar
#
# Used by `./vigil images` when VIGIL_BASE_IMAGE is not set. With a registry, set
# VIGIL_BASE_IMAGE to a JRE image instead (e.g. registry.access.redhat.com/ubi9/openjdk-21-runtime).
set -euo pipefail

out="${1:?usage: build-base-image.sh OUT.tar}"
java_home="${JAVA_HOME:?JAVA_HOME must point at a JDK with jlink}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"

# The modules Quarkus, Vert.x, Netty, Kafka's client, the PostgreSQL drivers and Jib's own
# entrypoint need (JDBC, JNDI, JMX and RMI, SASL/GSS for Kafka and PostgreSQL auth, HTTP client, JFR).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming
modules+=,java.net.http,java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql
modules+=,java.rmi,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.naming.dns
modules+=,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs,jdk.localedata
"$java_home/bin/jlink" --add-modules "$modules" --include-locales=en --strip-debug \
  --no-header-files --no-man-pages --compress=zip-6 --output "$root/opt/java"

# The C libraries the runtime links against, from the host (the runtime is built here, so the
# host's glibc is the one it was tested with), at the same paths.
while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done < <(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) ! -name libawt_xawt.so ! -name libjsound.so ! -name libsplashscreen.so \
  -exec ldd {} \; 2>/dev/null \
  | sed -n 's#.*=> \(/[^ ]*\) .*#\1#p' | grep -v "^$root" | sort -u)
for lib in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
  /lib/x86_64-linux-gnu/libresolv.so.2; do
  [[ -e "$lib" ]] && { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
done
if [[ -e /lib64/ld-linux-x86-64.so.2 ]]; then
  mkdir -p "$root/lib64"
  cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
fi

mkdir -p "$root/etc" "$root/tmp" "$root/home/jboss"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\njboss:x:185:185:vigil:/home/jboss:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\njboss:x:185:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"

# One layer, reproducible: sorted names, fixed owner and time.
layer="$work/layer.tar"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2024-01-01 00:00Z' \
  --mode='u+rwX,go+rX' -C "$root" -cf "$layer" .
# Keep /tmp world-writable and /home/jboss the user's.
tar --delete -f "$layer" ./tmp ./home/jboss 2>/dev/null || true
tar --owner=0 --group=0 --numeric-owner --mtime='2024-01-01 00:00Z' --no-recursion \
  -C "$root" -rf "$layer" ./tmp
tar --owner=185 --group=185 --numeric-owner --mtime='2024-01-01 00:00Z' --no-recursion \
  -C "$root" -rf "$layer" ./home/jboss
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"

java_version="$("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.runtime.version = //p')"
mkdir -p "$work/image"
mv "$layer" "$work/image/layer.tar"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z",
 "config":{"User":"185","WorkingDir":"/home/jboss",
  "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.description":"jlink Java runtime $java_version for Vigil"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"2024-01-01T00:00:00Z","created_by":"deploy/images/build-base-image.sh"}]}
JSON
cat > "$work/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["vigil/java-runtime:local"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out (Java $java_version, $(du -h "$out" | cut -f1))"

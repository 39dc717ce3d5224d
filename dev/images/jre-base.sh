#!/usr/bin/env bash
# Makes the base image of the kit's and the reference server's OCI images, without a registry and
# without a Docker daemon: a jlink'ed Java runtime, the shared libraries `ldd` names for it, a
# non-root user (1000:1000) and a /tmp, as one layer in a `docker save` tarball that Jib reads as
# `tar://...` (and `docker load` reads too). No image registry is reachable from the machines the
# kit is built on, so nothing is pulled: the runtime is the JDK's own that builds the kit.
#
#   dev/images/jre-base.sh [OUTPUT]      # default: target/images/jre-base.tar (from the repository root)
#
# The Maven profile `images` builds the images when OUTPUT exists (README, "The images").
# Needs: a JDK with jmods (jlink), ldd, GNU tar, sha256sum. Re-running it with the same JDK makes
# the same bytes (fixed mtimes, owners and order), so a CI cache or a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-target/images/jre-base.tar}"
name="${JRE_BASE_NAME:-agents-conformance/jre-base:17}"
# What the two applications use: the server (Javalin/Jetty, H2, HikariCP, openai-java/OkHttp), the
# kit (WireMock's Jetty, REST Assured/Groovy, Tyrus, JUnit, Allure's command line run by the kit).
modules="${JRE_MODULES:-java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.net}"

if [[ -f "$out" && "$out" -nt "$0" ]]; then
  echo "jre-base: $out is up to date"
  exit 0
fi
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
if [[ ! -x "$jdk/bin/jlink" || ! -d "$jdk/jmods" ]]; then
  echo "jre-base: no jlink with jmods under $jdk (install a full JDK, e.g. Debian's openjdk-17-jdk-headless); no base, no images" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$root/home/app"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$root/opt/java"

# Every shared library the runtime's binaries and libraries name, and the dynamic loader, at the
# paths ldd resolved them to (the container's loader looks there). Some (X11, ALSA) only matter to
# java.desktop, which stays headless here; they are few MB, and leaving them out would need a list.
# And those of the reference server's SQLite driver, whose native library sqlite-jdbc unpacks at run
# time (libpthread and libm, which the runtime alone does not name): without them the server's
# container cannot open its database.
native="$work/native"
sqlite_version="$(sed -n 's:.*<sqlite.version>\(.*\)</sqlite.version>.*:\1:p' "$(dirname "$0")/../../pom.xml")"
sqlite_jar="${HOME}/.m2/repository/org/xerial/sqlite-jdbc/$sqlite_version/sqlite-jdbc-$sqlite_version.jar"
mkdir -p "$native"
if [[ -f "$sqlite_jar" ]]; then
  (cd "$native" && unzip -q -o "$sqlite_jar" 'org/sqlite/native/Linux/x86_64/*' 2>/dev/null) || true
fi
libs="$( { { ldd "$root/opt/java/bin/java"; find "$root/opt/java" "$native" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
  | awk '/=> \// {print $3} /^\t\/[^ ]*ld-linux/ {print $1}';
  ls /lib/x86_64-linux-gnu/libpthread.so.0 /lib/x86_64-linux-gnu/libm.so.6 2>/dev/null; } | sort -u)"
for lib in $libs; do
  case "$lib" in "$root"*) continue ;; esac
  # The file itself, at the name the loader asks for: a symlink's target may lie outside the layer.
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000:app:/home/app:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' > "$root/etc/group"

layer="$work/layer.tar"
tar_opts=(--sort=name --mtime=@0 --numeric-owner --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar -C "$root" "${tar_opts[@]}" --owner=0 --group=0 --exclude=./tmp --exclude=./home -cf "$layer" .
tar -C "$root" "${tar_opts[@]}" --owner=0 --group=0 --mode=1777 -rf "$layer" ./tmp
tar -C "$root" "${tar_opts[@]}" --owner=1000 --group=1000 --no-recursion -rf "$layer" ./home ./home/app
diff_id="$(sha256sum "$layer" | cut -d' ' -f1)"

version="$("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')"
image="$work/image"
mkdir -p "$image/$diff_id"
mv "$layer" "$image/$diff_id/layer.tar"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "User":"1000:1000","WorkingDir":"/home/app",
  "Labels":{"org.opencontainers.image.title":"Java runtime base of the Agents Conformance Kit","org.opencontainers.image.description":"jlink'ed Java ${version} runtime (${modules}) and the shared libraries it needs"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:${diff_id}"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"dev/images/jre-base.sh"}]}
JSON
config_id="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
mv "$work/config.json" "$image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' "$config_id" "$name" "$diff_id" \
  > "$image/manifest.json"
mkdir -p "$(dirname "$out")"
# Entry names without "./": readers of `docker save` tarballs look for "manifest.json" itself.
tar -C "$image" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out.partial" \
  manifest.json "$config_id.json" "$diff_id/layer.tar"
mv "$out.partial" "$out"
echo "jre-base: $out ($name, Java $version, $(du -h "$out" | cut -f1), made in ${SECONDS} s)"

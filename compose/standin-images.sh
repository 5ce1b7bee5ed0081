#!/usr/bin/env bash
# Builds stand-ins for the public images docker-compose.yml and Dockerfile name, for a machine
# that runs containers (podman) but reaches no container registry, as CI does. Everything comes
# from Debian packages and the binaries of .ci/install-current-stack:
#
#   localhost/mpe-standin/debian:bookworm  debootstrap --variant=minbase (the root file system is
#                                       cached, so a rerun does not bootstrap again)
#   eclipse-temurin:17-jre              + openjdk-17-jre-headless
#   maven:3.9-eclipse-temurin-17        eclipse-temurin:17-jre + openjdk-17-jdk-headless, maven
#                                       (Debian's 3.8) and the machine's own CA certificates, so
#                                       that Maven reaches Central through this machine's TLS
#   prom/prometheus:<tag>               + the Prometheus binaries of $MPE_TOOLS/prometheus
#   prom/alertmanager:<tag>             + the Alertmanager binaries of $MPE_TOOLS/alertmanager
#   python:3.11-slim-bookworm           + python3 (the fake DingTalk robot of the compose test)
#
# Each stand-in keeps what the official image's users rely on: the Prometheus and Alertmanager
# ones their entrypoint (/bin/prometheus, /bin/alertmanager), user nobody, working and data
# directory (/prometheus, /alertmanager), configuration path and default command; the Java ones
# JAVA_HOME=/opt/java/openjdk with java (and mvn) on PATH and apt-get for a Dockerfile's RUN.
# The tags are read from docker-compose.yml (the single place of the versions); the script fails
# when a tag names another version than the binaries here. An image built from the same recipe
# is kept (see `standin` below); --rebuild builds them all again. Never pulls.
#
# Usage: compose/standin-images.sh [--rebuild]
# Environment: MPE_TOOLS (default /opt/marketplace-exporter/tools), MPE_STANDIN_CACHE (default
# ~/.cache/marketplace-exporter/standin), DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${MPE_TOOLS:-/opt/marketplace-exporter/tools}"
cache="${MPE_STANDIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/marketplace-exporter/standin}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite=bookworm
base="localhost/mpe-standin/debian:$suite"
rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true

# The image a service of docker-compose.yml names, with its variables resolved.
compose_image() {
  docker-compose -f docker-compose.yml config | awk -v svc="  $1:" '
    $0 == svc { inside = 1; next }
    inside && /^  [^ ]/ { inside = 0 }
    inside && $1 == "image:" && !found { print $2; found = 1 }'
}
prometheus_image="$(compose_image prometheus)"
alertmanager_image="$(compose_image alertmanager)"

# Docker's short names: podman keeps them as docker.io/... so that the Docker API finds them.
qualified() {
  case "$1" in
    */*/*) echo "$1" ;;
    */*) echo "docker.io/$1" ;;
    *) echo "docker.io/library/$1" ;;
  esac
}

# A stand-in is labelled with its recipe: the checksum of its Containerfile, of the files it
# copies and of the image it starts from. An image with the same recipe is kept; one with another
# (a changed script or binary, a rebuilt base) is built again.
recipe_of() { # <Containerfile> <context dir>
  local parent
  parent="$(awk '$1 == "FROM" { print $2; exit }' "$1")"
  {
    cat "$1"
    (cd "$2" && find . -type f | LC_ALL=C sort | xargs -r sha256sum)
    podman image inspect --format '{{.Id}}' "$parent" 2>/dev/null || true
  } | sha256sum | cut -c1-16
}
label_of() { # <image>
  podman image inspect --format '{{index .Labels "mpe.standin.recipe"}}' "$(qualified "$1")" \
    2>/dev/null || true
}

# standin <image> <context dir>, the Containerfile on stdin: builds the image unless an image of
# the same recipe is there. Package installation skips dpkg's fsync calls (a throw-away build).
standin() {
  local image="$1" context="$2" file recipe
  file="$(mktemp -p "$work")"
  cat >"$file"
  recipe="$(recipe_of "$file" "$context")"
  if ! $rebuild && [ "$(label_of "$image")" = "$recipe" ]; then
    return 0
  fi
  echo "standin: building $image"
  podman build --quiet --pull=never --network host --label "mpe.standin.recipe=$recipe" \
    -f "$file" -t "$(qualified "$image")" "$context" >/dev/null
}

# The version in a tag (v3.5.3) and in the binary's VERSION file (3.5.3+ds1-6) must agree.
check_version() { # <image> <VERSION file>
  local tag="${1##*:v}" have
  have="$(cut -d+ -f1 <"$2" | cut -d- -f1)"
  if [ "$tag" != "$have" ]; then
    echo "standin: docker-compose.yml names $1 but $2 says $have" >&2
    exit 1
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- the Debian base, from the cached root file system ---------------------------------------
base_recipe="$(echo "debootstrap --variant=minbase $suite $mirror" | sha256sum | cut -c1-16)"
if $rebuild || [ "$(label_of "$base")" != "$base_recipe" ]; then
  tarball="$cache/debian-$suite-minbase.tar"
  if [ ! -s "$tarball" ] || [ "$(cat "$tarball.recipe" 2>/dev/null)" != "$base_recipe" ]; then
    echo "standin: debootstrap $suite from $mirror (cached in $cache)"
    mkdir -p "$cache"
    rootfs="$work/rootfs"
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { cat "$work/debootstrap.log" >&2; exit 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    echo "$base_recipe" >"$tarball.recipe"
    rm -rf "$rootfs"
  fi
  podman import --quiet --change 'CMD ["bash"]' --change "LABEL mpe.standin.recipe=$base_recipe" \
    "$tarball" "$base" >/dev/null
fi

apt_install='apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-unsafe-io'
apt_clean='&& rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'
# Debian's JDK under the official images' JAVA_HOME.
java_home='&& ln -s "$(dirname "$(dirname "$(readlink -f /usr/bin/java)")")" /opt/java/openjdk'

mkdir -p "$work/empty" "$work/ca"

java_images() {
  standin eclipse-temurin:17-jre "$work/empty" <<EOF
FROM $base
RUN $apt_install openjdk-17-jre-headless $apt_clean \\
 && mkdir -p /opt/java $java_home
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
CMD ["jshell"]
EOF
  # This machine's extra CA certificates (a TLS-inspecting egress, say): the JDK's trust store
  # gets them through ca-certificates-java, so the image's Maven trusts what the host trusts.
  cp /usr/local/share/ca-certificates/*.crt "$work/ca/" 2>/dev/null || true
  # As the official image is the JDK image plus Maven: here the JRE stand-in plus both.
  standin maven:3.9-eclipse-temurin-17 "$work/ca" <<EOF
FROM $(qualified eclipse-temurin:17-jre)
COPY . /usr/local/share/ca-certificates/
RUN $apt_install openjdk-17-jdk-headless maven $apt_clean \\
 && update-ca-certificates >/dev/null
ENV MAVEN_HOME=/usr/share/maven MAVEN_CONFIG=/root/.m2
CMD ["mvn"]
EOF
}

python_image() {
  standin python:3.11-slim-bookworm "$work/empty" <<EOF
FROM $base
RUN $apt_install python3 $apt_clean
CMD ["python3"]
EOF
}

# The two that install packages build side by side; the binaries' images meanwhile.
java_images &
java_pid=$!
python_image &
python_pid=$!

check_version "$prometheus_image" "$tools/prometheus/VERSION"
mkdir -p "$work/prometheus"
cp "$tools/prometheus/prometheus" "$tools/prometheus/promtool" "$work/prometheus/"
standin "$prometheus_image" "$work/prometheus" <<EOF
FROM $base
COPY prometheus promtool /bin/
RUN mkdir -p /etc/prometheus /prometheus \\
 && printf 'scrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [localhost:9090]\n' > /etc/prometheus/prometheus.yml \\
 && chown -R nobody:nogroup /etc/prometheus /prometheus && chmod g+w /prometheus
WORKDIR /prometheus
USER nobody
EXPOSE 9090
VOLUME ["/prometheus"]
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
EOF

check_version "$alertmanager_image" "$tools/alertmanager/VERSION"
mkdir -p "$work/alertmanager/templates"
cp "$tools/alertmanager/alertmanager" "$tools/alertmanager/amtool" "$work/alertmanager/"
# Debian's Alertmanager reads its default notification templates from this folder instead of
# carrying them inside: those of Debian 12's package (.ci/install), as on the host.
cp /usr/share/prometheus/alertmanager/default.tmpl /usr/share/prometheus/alertmanager/email.tmpl \
  "$work/alertmanager/templates/"
standin "$alertmanager_image" "$work/alertmanager" <<EOF
FROM $base
COPY alertmanager amtool /bin/
COPY templates/default.tmpl templates/email.tmpl /usr/share/prometheus/alertmanager/
RUN mkdir -p /etc/alertmanager /alertmanager \\
 && printf 'route:\n  receiver: default\nreceivers:\n  - name: default\n' > /etc/alertmanager/alertmanager.yml \\
 && chown -R nobody:nogroup /etc/alertmanager /alertmanager
WORKDIR /alertmanager
USER nobody
EXPOSE 9093
VOLUME ["/alertmanager"]
ENTRYPOINT ["/bin/alertmanager"]
CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]
EOF

wait "$java_pid"
wait "$python_pid"
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' \
  | grep -E "mpe-standin|maven|eclipse-temurin|python|$prometheus_image|$alertmanager_image" || true

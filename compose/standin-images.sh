#!/usr/bin/env bash
# Builds stand-ins for the public images docker-compose.yml and Dockerfile name, for a machine
# that runs containers (podman) but reaches no container registry, as CI does. Everything comes
# from Debian packages and the binaries of .ci/install-current-stack:
#
#   mpe-standin/debian:bookworm         debootstrap --variant=minbase (the root file system is
#                                       cached, so a rerun does not bootstrap again)
#   maven:3.9-eclipse-temurin-17        + openjdk-17-jdk-headless, maven (Debian's 3.8), and the
#                                       machine's own CA certificates, so Maven reaches Central
#                                       through this machine's TLS set-up
#   eclipse-temurin:17-jre              + openjdk-17-jre-headless
#   prom/prometheus:<tag>               + the Prometheus binaries of $MPE_TOOLS/prometheus
#   prom/alertmanager:<tag>             + the Alertmanager binaries of $MPE_TOOLS/alertmanager
#   python:3.11-slim-bookworm           + python3 (the fake DingTalk robot of the compose test)
#
# Each stand-in keeps what the official image's users rely on: the Prometheus and Alertmanager
# ones their entrypoint (/bin/prometheus, /bin/alertmanager), user nobody, working and data
# directory (/prometheus, /alertmanager), configuration path and default command; the Java ones
# JAVA_HOME=/opt/java/openjdk with java (and mvn) on PATH and apt-get for a Dockerfile's RUN.
# The tags are read from docker-compose.yml (the single place of the versions); the script fails
# when a tag names another version than the binaries here. An image already present is kept:
# --rebuild builds them all again. Never pulls.
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
base="mpe-standin/debian:$suite"
rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true

# The image a service of docker-compose.yml names, with its variables resolved.
compose_image() {
  docker-compose -f docker-compose.yml config | awk -v svc="  $1:" '
    $0 == svc { inside = 1; next }
    inside && /^  [^ ]/ { inside = 0 }
    inside && $1 == "image:" { print $2; exit }'
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

present() { podman image exists "$(qualified "$1")"; }

# build <image> <context dir>: the Containerfile is read from stdin.
build() {
  local image="$1" context="$2"
  echo "standin: building $image"
  podman build --quiet --pull=never --network host -f - -t "$(qualified "$image")" "$context" \
    >/dev/null
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
if $rebuild || ! podman image exists "$base"; then
  tarball="$cache/debian-$suite-minbase.tar"
  if [ ! -s "$tarball" ]; then
    echo "standin: debootstrap $suite from $mirror (cached in $cache)"
    mkdir -p "$cache"
    rootfs="$work/rootfs"
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { cat "$work/debootstrap.log" >&2; exit 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf "$rootfs"
  fi
  podman import --quiet --change 'CMD ["bash"]' "$tarball" "$base" >/dev/null
fi

apt_install='apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends'
apt_clean='&& rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'
# Debian's JDK under the official images' JAVA_HOME.
java_home='&& ln -s "$(dirname "$(dirname "$(readlink -f /usr/bin/java)")")" /opt/java/openjdk'

mkdir -p "$work/empty" "$work/ca"

if $rebuild || ! present eclipse-temurin:17-jre; then
  build eclipse-temurin:17-jre "$work/empty" <<EOF
FROM $base
RUN $apt_install openjdk-17-jre-headless $apt_clean \\
 && mkdir -p /opt/java $java_home
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
CMD ["jshell"]
EOF
fi

if $rebuild || ! present maven:3.9-eclipse-temurin-17; then
  # This machine's extra CA certificates (a TLS-inspecting egress, say): the JDK's trust store
  # gets them through ca-certificates-java, so the image's Maven trusts what the host trusts.
  cp /usr/local/share/ca-certificates/*.crt "$work/ca/" 2>/dev/null || true
  build maven:3.9-eclipse-temurin-17 "$work/ca" <<EOF
FROM $base
COPY . /usr/local/share/ca-certificates/
RUN $apt_install openjdk-17-jdk-headless maven ca-certificates-java $apt_clean \\
 && update-ca-certificates >/dev/null && mkdir -p /opt/java $java_home
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 MAVEN_HOME=/usr/share/maven MAVEN_CONFIG=/root/.m2
CMD ["mvn"]
EOF
fi

if $rebuild || ! present python:3.11-slim-bookworm; then
  build python:3.11-slim-bookworm "$work/empty" <<EOF
FROM $base
RUN $apt_install python3 $apt_clean
CMD ["python3"]
EOF
fi

if $rebuild || ! present "$prometheus_image"; then
  check_version "$prometheus_image" "$tools/prometheus/VERSION"
  mkdir -p "$work/prometheus"
  cp "$tools/prometheus/prometheus" "$tools/prometheus/promtool" "$work/prometheus/"
  build "$prometheus_image" "$work/prometheus" <<EOF
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
fi

if $rebuild || ! present "$alertmanager_image"; then
  check_version "$alertmanager_image" "$tools/alertmanager/VERSION"
  mkdir -p "$work/alertmanager"
  cp "$tools/alertmanager/alertmanager" "$tools/alertmanager/amtool" "$work/alertmanager/"
  build "$alertmanager_image" "$work/alertmanager" <<EOF
FROM $base
COPY alertmanager amtool /bin/
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
fi

podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' \
  | grep -E "mpe-standin|maven|eclipse-temurin|python|$prometheus_image|$alertmanager_image" || true

#!/bin/sh
# Installs what odihrx needs to build and test on Debian 12 (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    gcc clang libclang-rt-14-dev meson ninja-build pkg-config python3 \
    libpcre2-dev libxml2-dev libxml2-utils libutf8proc-dev libcmocka-dev \
    libstemmer-dev libsqlite3-dev sqlite3 \
    valgrind >/dev/null
echo "install-deps: done"

#!/usr/bin/env bash
# Installs what building and testing this repository needs on Debian/Ubuntu:
# the system packages (only those missing) and the npm dependencies.
#   ./setup.sh            everything for the host target
# Re-running it is cheap: present packages are not reinstalled.
set -euo pipefail
cd "$(dirname "$0")"

# package -> what proves it is installed: a program on PATH, or a file
declare -A apt_packages=(
  [cmake]=cmake                          # configures every native build
  [ninja-build]=ninja                    # runs the native builds
  [gcc]=cc                               # compiles C plug-ins and the test fixtures
  [g++]=c++                              # compiles the loader's native host (C++)
  [make]=make                            # OpenSSL's makefiles (release targets' static OpenSSL)
  [perl]=/usr/bin/cpan                   # OpenSSL's Configure (full perl with its modules, not only perl-base)
  [libssl-dev]=/usr/include/openssl/ssl.h  # OpenSSL for httpsreq and wasi_crypto (host target)
  [openssl]=openssl                      # makes test CAs and certificates
  [util-linux]=unshare                   # the installer's full-disk tests mount a small tmpfs in a user namespace
  [libtorch-dev]=/usr/include/torch/script.h  # PyTorch (C++) for the wasi_nn pytorch backend
  [zlib1g-dev]=/usr/include/zlib.h      # zlib: wasi_nn inflates TorchScript archive entries to check their CRC-32
  [qemu-user]=qemu-aarch64               # runs the aarch64 plug-in tests on x86_64
  [libc6-arm64-cross]=/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1  # the aarch64 loader and libc for qemu
  [libstdc++6-arm64-cross]=/usr/aarch64-linux-gnu/lib/libstdc++.so.6  # LiteRT's aarch64 library (C++) under qemu
  [clang]=clang                          # the sanitized (asan) plug-in builds and the fuzz targets
  [mmdebstrap]=mmdebstrap                # makes the Debian build roots (wasi_nn pytorch for ubuntu20.04_x86_64)
  [debian-archive-keyring]=/usr/share/keyrings/debian-archive-keyring.gpg  # verifies those roots' packages
)

missing=()
for pkg in "${!apt_packages[@]}"; do
  probe=${apt_packages[$pkg]}
  if [[ $probe == /* ]]; then
    [ -e "$probe" ] || missing+=("$pkg")
  else
    command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# libFuzzer and the ASan/UBSan runtimes come apart from clang, one package per LLVM major version:
# the one for the clang on PATH, whose resource directory (.../lib/clang/<version>) names it.
clang_resources=$(clang -print-resource-dir)
clang_major=$(basename "$clang_resources")
clang_major=${clang_major%%.*}
if [ -z "$(find "$clang_resources/lib" -name 'libclang_rt.fuzzer*.a' -print -quit 2>/dev/null)" ]; then
  echo "setup: installing libclang-rt-$clang_major-dev (libFuzzer and the sanitizer runtimes for $(command -v clang), LLVM $clang_major)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "libclang-rt-$clang_major-dev"; then
    echo "setup: libclang-rt-$clang_major-dev did not install; the clang on PATH ($clang_resources) needs its LLVM's compiler-rt (libFuzzer, ASan)" >&2
    exit 1
  fi
fi

# zig's C/C++ compiler (PyPI wheel) cross-compiles the release targets.
zig_version=0.17.1
if ! python3 -c "import ziglang, sys; sys.exit(0 if ziglang.__file__ else 1)" >/dev/null 2>&1; then
  echo "setup: installing ziglang==$zig_version (cross compiler for release targets)"
  python3 -m pip install --quiet "ziglang==$zig_version"
fi

# Workflow linters the workflow check runs (tools/src/release/workflow-linters.ts pins the same
# versions): zizmor from PyPI, actionlint built from its Go module (its PyPI wrapper has no wheel
# and downloads the binary at install time).
zizmor_version=1.33.1
if [ "$(zizmor --version 2>/dev/null)" != "zizmor $zizmor_version" ]; then
  echo "setup: installing zizmor==$zizmor_version (workflow supply-chain audit)"
  python3 -m pip install --quiet "zizmor==$zizmor_version"
fi
actionlint_version=v1.7.12
actionlint_bin="$(go env GOBIN 2>/dev/null || true)"
actionlint_bin="${actionlint_bin:-$(go env GOPATH 2>/dev/null)/bin}/actionlint"
if [ "$("$actionlint_bin" --version 2>/dev/null | head -n 1)" != "$actionlint_version" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "setup: Go 1.22 or newer is needed to build actionlint $actionlint_version (the Go toolchain from go.dev)" >&2
    exit 1
  fi
  echo "setup: building actionlint $actionlint_version (workflow linter) with go install"
  go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"
fi

# An aarch64 node for qemu-user, to test the loader's arm64 prebuilt native host: Debian's
# nodejs:arm64 and the libraries it needs, extracted into a cache directory (not installed).
arm64_node=${XDG_CACHE_HOME:-$HOME/.cache}/wasmedge-plugins/node-arm64-bookworm
arm64_debs=(nodejs libnode108 libuv1 libbrotli1 libc-ares2 libnghttp2-14 libssl3 libicu72 zlib1g libstdc++6 libgcc-s1 libc6)
arm64_js_debs=(node-acorn node-cjs-module-lexer node-undici) # the JavaScript Debian's node loads from /usr/share
if [ ! -x "$arm64_node/usr/bin/node" ]; then
  echo "setup: extracting Debian's nodejs:arm64 into $arm64_node (runs the arm64 native host under qemu)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    "${sudo_cmd[@]}" dpkg --add-architecture arm64
    "${sudo_cmd[@]}" apt-get update -qq
  fi
  debs=$(mktemp -d)
  (cd "$debs" && chmod 777 . && apt-get download -qq "${arm64_debs[@]/%/:arm64}" "${arm64_js_debs[@]}")
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$debs/root"; done
  mkdir -p "$(dirname "$arm64_node")"
  rm -rf "$arm64_node" && mv "$debs/root" "$arm64_node" && rm -rf "$debs"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20.19 or newer is needed (found $(node --version))" >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The PyPI wheels builds use as SDKs and tools (deps/pypi-wheels/wheels.json: torch's libtorch,
# CMake for the build roots), downloaded once into the user cache and verified by sha256.
npx tsx tools/src/cli/fetch-wheels.ts

# The wasi_nn backends' runtimes (OpenVINO's C API, LiteRT), from their pinned wheels (fetched
# above): the libraries a release's index lists for them and the headers the backends build
# against, taken out into <user cache>/runtimes/<package>-<version>-<arch>/, which needs no
# particular Python (release-manifest.json names what to take). The Python packages (only to
# regenerate the test models) are installed into the system python when it is the wheels'
# CPython 3.11 on x86_64.
npx tsx tools/src/cli/extract-runtimes.ts
cache_root=${WASMEDGE_PLUGINS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wasmedge-plugins}
wheel_cache=$cache_root/wheels
python_tag=$(/usr/bin/python3 -c 'import sys; print(f"cp{sys.version_info.major}{sys.version_info.minor}")' 2>/dev/null || echo none)
if [ "$(uname -m)" != x86_64 ] || ! grep -q -- "openvino-.*-$python_tag-$python_tag-" deps/pypi-wheels/wheels.json; then
  echo "setup: not installing the wasi_nn test models' Python packages: their pinned wheels are for CPython 3.11 on x86_64, and this is $python_tag on $(uname -m)"
else
  # The runtimes' pins are the manifest's (backend `runtime`); tflite writes the .tflite test model.
  mapfile -t nn_python_packages < <(/usr/bin/python3 -c 'import json; m = json.load(open("release-manifest.json"))
print("\n".join(b["runtime"]["package"] + "==" + b["runtime"]["version"] for p in m["plugins"] for b in p.get("backends", []) if "runtime" in b))')
  nn_python_packages+=(tflite==2.18.0)
  if ! /usr/bin/python3 -c 'import sys
from importlib.metadata import version
sys.exit(0 if all(version(p.split("==")[0]) == p.split("==")[1] for p in sys.argv[1:]) else 1)' "${nn_python_packages[@]}" >/dev/null 2>&1
  then
    echo "setup: installing ${nn_python_packages[*]} into the system python (to regenerate the wasi_nn test models)"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" /usr/bin/python3 -m pip install --quiet --break-system-packages --no-index \
      --find-links "$wheel_cache" "${nn_python_packages[@]}"
  fi
fi
echo "setup: done"

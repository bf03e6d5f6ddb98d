#!/usr/bin/env bash
# Builds the Debian packages into OUTDIR:
#   llmhost                      the host, its man page, completions, systemd unit (disabled),
#                                /etc/llmhost/config.toml (a conffile) and the offline mock plugin
#   llmhost-plugin-<name>        one per provider plugin (openai_codex becomes openai-codex:
#                                Debian package names cannot hold '_')
#   libllmhost-sdk-dev           headers, the C helpers' static library, the CMake package, the
#                                pkg-config files, the examples,
#                                the SDK's README and the canonical request's JSON Schema
#
# Usage: packaging/build-debs.sh OUTDIR [BUILD_DIR]
#   With BUILD_DIR (a built release tree, e.g. build/) it packages that tree as it is, without
#   compiling anything. Without it, it configures and builds its own release tree (no tests, no
#   benchmarks) in $LLMHOST_DEB_BUILD_DIR (default build-deb/).
#
# The packages are hand-made (cmake --install into a staging root, then dpkg-deb), so each holds
# exactly its files. Depends come from dpkg-shlibdeps; every plugin also depends on
# llmhost (= this version), since the plugin ABI a plugin was built for is its host's.
#
# lintian (bookworm's) reports no errors and no warnings. Overridden, with the reasons in
# packaging/debian/*lintian-overrides: initial-upload-closes-no-bugs (not uploaded to Debian, no
# ITP) and, for libllmhost-sdk-dev, pkg-config-bad-directive -fvisibility=hidden (the point of
# llmhost-abi.pc). Informational tags left:
# - hardening-no-bindnow, hardening-no-fortify-functions (host and plugins): the release preset
#   does not use dpkg-buildflags (-Wl,-z,now, -D_FORTIFY_SOURCE=2), and packaging a built tree
#   cannot add compile flags; adding them to the preset is a separate change (a full rebuild).
# - spelling-error-in-binary usal, mor (llmhost): false positives, pieces of "refusal" and
#   " more" split across instruction immediates.
# - package-supports-alternative-init-but-no-init.d-script (llmhost): the service is a systemd
#   unit only; there is no init.d script to ship.
set -euo pipefail

usage() { echo "usage: $0 OUTDIR [BUILD_DIR]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage

src="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"

for tool in dpkg-deb dpkg-shlibdeps dpkg-architecture; do
  command -v "$tool" >/dev/null || { echo "build-debs: $tool is missing; run packaging/install-deps.sh (it installs dpkg-dev)" >&2; exit 1; }
done

if [ $# -eq 2 ]; then
  build="$(cd "$2" && pwd)"
  [ -x "$build/bin/llmhost" ] && [ -f "$build/CMakeCache.txt" ] ||
    { echo "build-debs: $build is not a built llmhost tree (no bin/llmhost); build it first or leave BUILD_DIR out" >&2; exit 1; }
else
  # Only what goes into the packages: no tests, no benchmarks.
  build="${LLMHOST_DEB_BUILD_DIR:-$src/build-deb}"
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLLMHOST_WARNINGS_AS_ERRORS=ON \
    -DBUILD_TESTING=OFF -DLLMHOST_BENCHMARKS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)"
fi
# Packaging a sanitizer build would ship binaries that need the sanitizer runtimes and abort on
# the first report: refuse it.
if grep -q '^CMAKE_CXX_FLAGS:STRING=.*-fsanitize' "$build/CMakeCache.txt"; then
  echo "build-debs: $build is a sanitizer build; package a release tree (cmake --preset release)" >&2
  exit 1
fi

version="$(sed -n 's/^project(llmhost VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
[ -n "$version" ] || { echo "build-debs: no project version found in $src/CMakeLists.txt" >&2; exit 1; }
debversion="$version-1" # upstream version, first Debian revision
arch="$(dpkg-architecture -qDEB_HOST_ARCH)"
multiarch="$(dpkg-architecture -qDEB_HOST_MULTIARCH)"
maintainer="${LLMHOST_DEB_MAINTAINER:-llmhost maintainers <maintainers@llmhost.invalid>}"
plugindir="usr/lib/$multiarch/llmhost/plugins"
# The changelog's date and the copyright years from the history (reproducible), else today.
last_commit="$(git -C "$src" log -1 --format=%ct 2>/dev/null || date +%s)"
date="$(date -u -R -d "@$last_commit")"
# (No git, or no history, as in a container build whose context leaves .git out: today.)
first_year="$({ git -C "$src" log --max-parents=0 --format=%cd --date=format:%Y 2>/dev/null || true; } | tail -1)"
last_year="$(date -u -d "@$last_commit" +%Y)"
years="${first_year:-$last_year}"
[ "$years" = "$last_year" ] || years="$years-$last_year"

work="$(mktemp -d "${TMPDIR:-/tmp}/llmhost-debs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
umask 022

# Everything the tree installs, stripped (lintian: unstripped-binary-or-object), under /usr.
DESTDIR="$work/install" cmake --install "$build" --prefix /usr --strip >/dev/null
staged="$work/install"

# Moves PATH (relative to the staging root) into package PKG's root.
take() {
  local pkg="$1" path="$2"
  mkdir -p "$work/debian/$pkg/$(dirname "$path")"
  mv "$staged/$path" "$work/debian/$pkg/$path"
}

# /usr/share/doc/PKG: copyright and the Debian changelog, as policy asks of every package.
add_docs() {
  local pkg="$1" doc="$work/debian/$1/usr/share/doc/$1"
  mkdir -p "$doc"
  sed "s/@YEARS@/$years/" "$src/packaging/debian/copyright.in" >"$doc/copyright"
  sed -e "s/@VERSION@/$debversion/" -e "s/@MAINTAINER@/$maintainer/" -e "s/@DATE@/$date/" \
    "$src/packaging/debian/changelog.in" | gzip -9n >"$doc/changelog.Debian.gz"
  # The lintian tags that are wrong for us, each with its reason: those of every package, then
  # the package's own.
  mkdir -p "$work/debian/$pkg/usr/share/lintian/overrides"
  cat "$src/packaging/debian/lintian-overrides" >"$work/debian/$pkg/usr/share/lintian/overrides/$pkg"
  if [ -f "$src/packaging/debian/$pkg.lintian-overrides" ]; then
    cat "$src/packaging/debian/$pkg.lintian-overrides" >>"$work/debian/$pkg/usr/share/lintian/overrides/$pkg"
  fi
}

# dpkg-shlibdeps' Depends for the ELF files of PKG ("" when it has none). It runs as in a source
# package: debian/control in its working directory, each package's files under debian/PKG/.
shlibdeps() {
  local pkg="$1" files
  mapfile -t files < <(cd "$work" && find "debian/$pkg" -type f \( -name '*.so' -o -path '*/bin/*' \))
  [ ${#files[@]} -gt 0 ] || return 0
  printf 'Source: llmhost\n\nPackage: %s\nArchitecture: any\n' "$pkg" >"$work/debian/control"
  (cd "$work" && dpkg-shlibdeps -O "${files[@]}") | sed -n 's/^shlibs:Depends=//p'
}

# Writes DEBIAN/control (and md5sums, conffiles) for PKG and builds OUTDIR/PKG_VERSION_ARCH.deb.
# Arguments: package, section, Architecture, Depends (without shlibs), Recommends, synopsis,
# long description (one paragraph, wrapped here).
build_deb() {
  local pkg="$1" section="$2" pkgarch="$3" depends="$4" recommends="$5" synopsis="$6" long="$7"
  local root="$work/debian/$pkg" shlibs
  add_docs "$pkg"
  mkdir -p "$root/DEBIAN" # before dpkg-shlibdeps, which finds a package's root by it
  shlibs="$(shlibdeps "$pkg")"
  depends="$(printf '%s\n' "$shlibs" "$depends" | sed '/^$/d' | paste -sd, | sed 's/, */, /g')"
  {
    echo "Package: $pkg"
    [ "$pkg" = llmhost ] || echo "Source: llmhost" # every package comes from the one source tree
    echo "Version: $debversion"
    echo "Architecture: $pkgarch"
    echo "Maintainer: $maintainer"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)"
    [ -n "$depends" ] && echo "Depends: $depends"
    [ -n "$recommends" ] && echo "Recommends: $recommends"
    echo "Section: $section"
    echo "Priority: optional"
    echo "Description: $synopsis"
    echo "$long" | fold -s -w 78 | sed 's/ *$//; s/^/ /'
  } >"$root/DEBIAN/control"
  (cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' |
    sort -z | xargs -0 -r md5sum >DEBIAN/md5sums)
  [ -s "$root/DEBIAN/md5sums" ] || rm "$root/DEBIAN/md5sums"
  if [ -d "$root/etc" ]; then
    (cd "$root" && find etc -type f -printf '/%p\n' | sort >DEBIAN/conffiles)
  fi
  dpkg-deb --build --root-owner-group -Zxz "$root" "$out/${pkg}_${debversion}_${pkgarch}.deb" >/dev/null
  echo "build-debs: $out/${pkg}_${debversion}_${pkgarch}.deb"
}

# What dh_strip also removes (lintian: binary-has-unneeded-section).
for elf in "$staged/usr/bin/llmhost" "$staged"/usr/lib/llmhost/plugins/*.so; do
  strip --remove-section=.comment --remove-section=.note "$elf"
done
# The static library as dh_strip leaves one (cmake --install --strip does not strip archives;
# lintian: static-library-has-unneeded-sections).
strip --strip-debug --remove-section=.comment --remove-section=.note --enable-deterministic-archives \
  "$staged/usr/lib/libllmhost-c-helpers.a"
# Plugins are modules loaded with dlopen, not executables (lintian: shared-library-is-executable).
find "$staged/usr/lib/llmhost/plugins" -name '*.so' -exec chmod 0644 {} +
# The man page compressed, as policy asks.
gzip -9n "$staged/usr/share/man/man1/llmhost.1"
# The unit goes to /lib/systemd/system, bookworm's place for packaged units (the tree installs it
# under the prefix). The tree was configured for its own prefix (usually /usr/local): the
# package's binary is /usr/bin/llmhost.
mkdir -p "$staged/lib/systemd"
mv "$staged/usr/lib/systemd/system" "$staged/lib/systemd/system"
rmdir "$staged/usr/lib/systemd"
sed -i 's|^ExecStart=[^ ]*/llmhost |ExecStart=/usr/bin/llmhost |' "$staged/lib/systemd/system/llmhost.service"

# llmhost: the host and the mock plugin (nothing beyond the host needs).
for path in usr/bin/llmhost usr/share/man/man1/llmhost.1.gz usr/share/bash-completion \
  usr/share/zsh usr/share/fish lib/systemd/system/llmhost.service; do
  take llmhost "$path"
done
mkdir -p "$work/debian/llmhost/$plugindir"
mv "$staged/usr/lib/llmhost/plugins/llmhost-mock.so" "$work/debian/llmhost/$plugindir/"
# The commented starter config, written by the host itself. World-readable: it holds no secrets
# (keys go in the environment, /etc/llmhost/environment for the service).
mkdir -p "$work/debian/llmhost/etc/llmhost"
config_out="$(env -i PATH=/usr/bin:/bin HOME="$work" "$build/bin/llmhost" config init \
  --path "$work/debian/llmhost/etc/llmhost/config.toml" 2>&1)" ||
  { echo "build-debs: $build/bin/llmhost config init failed: $config_out" >&2; exit 1; }
chmod 0644 "$work/debian/llmhost/etc/llmhost/config.toml"

plugin_packages=()
for so in "$staged"/usr/lib/llmhost/plugins/llmhost-*.so; do
  name="$(basename "$so" .so)"
  name="${name#llmhost-}"
  pkg="llmhost-plugin-${name//_/-}"
  mkdir -p "$work/debian/$pkg/$plugindir"
  mv "$so" "$work/debian/$pkg/$plugindir/"
  build_deb "$pkg" net "$arch" "llmhost (= $debversion)" "" "llmhost provider plugin: ${name//_/-}" \
    "The ${name//_/-} provider plugin for llmhost, a native runtime for large-language-model providers. Installing it makes its providers selectable in the llmhost command line and gateway; removing it removes them."
  plugin_packages+=("$pkg (= $debversion)")
done
recommends="$(printf '%s\n' "${plugin_packages[@]}" | paste -sd, | sed 's/,/, /g')"

build_deb llmhost net "$arch" "" "$recommends" "native runtime for large-language-model providers" \
  "llmhost is a thin host that discovers provider plugins (shared libraries in /$plugindir/) and loads only the one you select. It serves chat from the command line and as an HTTP gateway speaking the OpenAI, Anthropic and Gemini APIs. This package holds the host, its man page and shell completions, a starter configuration in /etc/llmhost/config.toml, a systemd unit (installed disabled) and the offline mock provider; each real provider is a llmhost-plugin-* package."

# libllmhost-sdk-dev: the SDK's headers, the optional C helpers' static library, its CMake
# package and pkg-config files, the examples.
for path in usr/include/llmhost usr/lib/libllmhost-c-helpers.a usr/lib/cmake/llmhost-sdk; do
  take libllmhost-sdk-dev "$path"
done
# The pkg-config files where the cross pkg-config looks too (lintian:
# pkg-config-unavailable-for-cross-compilation), so with the prefix spelled out instead of
# relative to their directory.
mkdir -p "$work/debian/libllmhost-sdk-dev/usr/lib/$multiarch/pkgconfig"
for pc in "$staged"/usr/lib/pkgconfig/*.pc; do
  sed 's|^prefix=.*|prefix=/usr|' "$pc" >"$work/debian/libllmhost-sdk-dev/usr/lib/$multiarch/pkgconfig/$(basename "$pc")"
  rm "$pc"
done
examples="$work/debian/libllmhost-sdk-dev/usr/share/doc/libllmhost-sdk-dev/examples"
mkdir -p "$examples"
for example in shout whisper_c acme_c shout_rs; do
  cp -r "$src/sdk/examples/$example" "$examples/"
done
# The SDK's README and the canonical request's JSON Schema with its examples, which the tree
# installs in share/doc/llmhost-sdk, go beside the examples in the package's own doc directory.
mv "$staged/usr/share/doc/llmhost-sdk/"* "$work/debian/libllmhost-sdk-dev/usr/share/doc/libllmhost-sdk-dev/"
rmdir "$staged/usr/share/doc/llmhost-sdk"
build_deb libllmhost-sdk-dev libdevel "$arch" "libboost-json1.81-dev, pkg-config" "cmake, g++" \
  "SDK for llmhost provider plugins" \
  "Headers for writing llmhost provider plugins: the versioned C ABI (provider_abi.h) and the C++ wrapper and helpers (which use Boost.JSON). find_package(llmhost-sdk) gives llmhost::abi, llmhost::sdk, llmhost::c_helpers and llmhost_add_provider(); pkg-config gives llmhost-abi (C plugins), llmhost-sdk (C++ plugins) and llmhost-c-helpers. Optional helpers for C plugins (SSE framing, the canonical request, the OpenAI translation, HTTP errors) are in the static library libllmhost-c-helpers.a. Example plugins, in C++, in C (with and without the helpers) and in Rust, are in /usr/share/doc/libllmhost-sdk-dev/examples, with the SDK's README and the canonical request's JSON Schema beside them."

# Anything the tree installs that no package took is a packaging bug: say so instead of dropping it.
left="$(cd "$staged" && find . -type f | sed 's|^\./|/|')"
if [ -n "$left" ]; then
  echo "build-debs: installed by the tree but in no package (add them to a package in $0):" >&2
  echo "$left" >&2
  exit 1
fi

#!/usr/bin/env bash
# Package smoke test: packs DslCrossReg into a temporary local feed, builds a fresh console project that has
# nothing of this repository but a PackageReference to that package (Consumer/), with warnings as errors, and
# runs it: a [Network] and a [CrossLoss] system, 20 training steps, finite and falling losses; a text encoder with a
# module of the consumer's own (Module(...)) and attention layers, 20 steps and a checkpoint reloaded; then two
# epochs of Fit with its CSV, PNG and TensorBoard observers. It proves that a user gets the runtime, the generator
# and the TorchSharp native fix from the DslCrossReg PackageReference, beside the libtorch backend they choose
# (TorchSharp-cpu here).
#
# The package gets a unique prerelease version and the consumer restores into its own packages folder, so no
# DslCrossReg from an earlier run or from the shared NuGet cache can stand in for the one just packed; the
# shared cache serves only as a read-only fallback for TorchSharp's (large) packages.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
configuration=${CONFIGURATION:-Release}

work=$(mktemp -d "${TMPDIR:-/tmp}/dcr-package-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
suffix="smoke.$(date +%s).$$"
started=$SECONDS

# The build is a no-op after `dotnet test -c Release`; the pack then only renames the version.
dotnet build "$repo/src/DslCrossReg" -c "$configuration" -nologo -v quiet
dotnet pack "$repo/src/DslCrossReg" -c "$configuration" --no-build -nologo -v quiet \
  --version-suffix "$suffix" -o "$work/feed"
package=$(cd "$work/feed" && ls DslCrossReg.*-"$suffix".nupkg)
version=${package#DslCrossReg.}
version=${version%.nupkg}
echo "packed $package"

shared_cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
cp -R "$here/Consumer" "$work/consumer"
cat > "$work/consumer/NuGet.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <add key="dslcrossreg-smoke" value="$work/feed" />
  </packageSources>
  <fallbackPackageFolders>
    <add key="shared-cache" value="$shared_cache" />
  </fallbackPackageFolders>
</configuration>
CONFIG

cd "$work/consumer"
# No compiler server: one left running would outlive this script and hold the temporary directory.
build_log="$work/build.log"
if ! dotnet build -c Release -nologo -p:DslCrossRegVersion="$version" -p:UseSharedCompilation=false >"$build_log" 2>&1; then
  cat "$build_log"
  echo "package smoke test FAILED: the consumer did not build" >&2
  exit 1
fi
if ! grep -q " 0 Warning(s)" "$build_log"; then
  cat "$build_log"
  echo "package smoke test FAILED: the consumer built with warnings" >&2
  exit 1
fi
# The package's buildTransitive targets patched the output copy of TorchSharp's native library (or found nothing to do).
grep -o "DslCrossReg libstdc++ version check: .*" "$build_log" | head -n 1 || true
dotnet "bin/Release/net10.0/Consumer.dll"
echo "package smoke test passed in $((SECONDS - started)) s"

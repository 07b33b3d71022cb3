#!/usr/bin/env bash
# Installs R with flexmix and mixtools from Debian's packages: the independent implementations
# that test/engine/hmoe/reference-r.test.ts compares the EM fit with (the test skips without them).
# Idempotent: does nothing when both packages already load. Took 50 s (plus 2 s for apt-get update)
# on a fresh machine of this project's kind.
set -euo pipefail
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'quit(status = !(requireNamespace("flexmix", quietly = TRUE) && requireNamespace("mixtools", quietly = TRUE)))' >/dev/null 2>&1; then
    echo "R with flexmix and mixtools is already installed"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends r-cran-flexmix r-cran-mixtools >/dev/null
Rscript -e 'library(flexmix); library(mixtools); cat("flexmix", as.character(packageVersion("flexmix")), "mixtools", as.character(packageVersion("mixtools")), "\n")'

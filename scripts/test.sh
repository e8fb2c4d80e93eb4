#!/usr/bin/env bash
# Builds every module and runs the whole test suite (unit, system and allocation tests).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B verify "$@"

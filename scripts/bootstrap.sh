# Shared set-up for scripts/run and scripts/test. Source it; do not run it.
# Makes a fresh Debian machine with Python 3.11 ready: apt packages (when root), a virtual
# environment in .venv with the pinned Python packages, and the project installed editable.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

APT_UPDATED=0
ensure_apt() {
  # ensure_apt PACKAGE... : install the Debian packages that are missing.
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "these Debian packages are missing: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
  say "Installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_venv() {
  local python
  python="$(find_python)" || die "Python 3.11 is needed (python3.11 not found). On Debian: apt-get install -y python3.11 python3.11-venv"
  if [ ! -x "$PY" ]; then
    say "Creating the virtual environment in .venv"
    "$python" -m venv "$VENV"
  fi
  local stamp="$VENV/.bistand-installed"
  local want
  want="$(cat requirements.txt constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing Python packages (pinned in constraints.txt)"
    "$PY" -m pip install -q --disable-pip-version-check -U pip
    "$PY" -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
    "$PY" -m pip install -q --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
  fi
  ensure_rules_compiled
}

ensure_rules_compiled() {
  # The rules engine's hot modules compiled with mypyc (docs/adr/0275): built when the rules'
  # sources changed since the last build (a no-op otherwise). Needs gcc and the Python headers;
  # without them the rules run as Python, which gives the same results, only slower.
  if ! "$PY" scripts/build_rules_compiled.py >/dev/null; then
    say "The rules could not be compiled (gcc and Python headers needed); they run as Python"
  fi
}

# log_file PATH... : log files with mode 0640 (their folder 0750), made so before anything writes
# to them and tightened if they exist (docs/adr/0083-private-files.md).
log_file() {
  local path
  for path in "$@"; do
    mkdir -p "$(dirname "$path")"
    chmod 0750 "$(dirname "$path")"
    [ -e "$path" ] || (umask 0137 && : >"$path")
    chmod 0640 "$path"
  done
}

# Packages the system itself needs: fonts and pango for decision letters (WeasyPrint).
RUN_APT_PACKAGES=(fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# Packages the test suite needs on top: Debian's Chromium for browser tests, the PostgreSQL client.
# age encrypts backups (bistand backup; the backup test decrypts and restores one).
TEST_APT_PACKAGES=(chromium postgresql-client age)

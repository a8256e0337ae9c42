#!/usr/bin/env bash
# Make sure the Debian packages Relais needs are there: install them when run as
# root, otherwise stop with the exact command to run. Usage: need-debian-packages.sh PKG...
set -euo pipefail

present() {
  case "$1" in
    chromium) [ -x /usr/bin/chromium ] ;;
    python3-venv) python3 -c 'import ensurepip, venv' 2>/dev/null ;;
    gettext) command -v msgfmt >/dev/null ;;
    *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' ;;
  esac
}

missing=()
for package in "$@"; do
  present "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Relais needs these Debian packages: ${missing[*]}" >&2
echo "Install them with:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 1

# Sourced by .ci/run (and usable by hand: `source .ci/chromium.sh && cardwire_chromium_setup`):
# Debian's chromium for the browser POS end-to-end test (test/pos/browser.test.ts, driven by
# playwright-core, which downloads no browser of its own), and a CJK font so the page's Chinese
# text renders in the screenshot. It exports CHROMIUM_PATH. When chromium is missing, Debian's
# `chromium` package is installed (as root, or through sudo -n); when it cannot be had, nothing
# is exported and the browser test skips, saying why.

cardwire_chromium_path() {
  local c
  for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
  done
}

cardwire_chromium_install() {
  local sudo=() packages=("$@")
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "chromium: installing Debian's ${packages[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}

cardwire_chromium_setup() {
  local path missing=()
  path=$(cardwire_chromium_path)
  [ -z "$path" ] && missing+=(chromium)
  # The page is Chinese and English; without a CJK font the screenshot shows boxes.
  if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; }; then
    missing+=(fonts-wqy-zenhei)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    cardwire_chromium_install "${missing[@]}" || echo "chromium: cannot install ${missing[*]} (not root, no sudo, or no apt-get)"
    path=$(cardwire_chromium_path)
  fi
  if [ -z "$path" ]; then
    echo "chromium: none; the browser POS end-to-end test will skip"
    return 0
  fi
  export CHROMIUM_PATH=$path
  echo "chromium: $("$path" --version 2>/dev/null | head -n 1) at $path"
}

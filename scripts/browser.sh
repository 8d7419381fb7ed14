#!/usr/bin/env bash
# The browser the story-page tests drive: Debian's Chromium, installed when missing (Playwright
# drives it as it is; nothing is downloaded by Playwright itself). Without root or apt-get it says
# so and the browser tests are skipped with that reason.
set -uo pipefail
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then exit 0; fi
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "browser.sh: Chromium is missing and this user cannot install it (browser tests will be skipped)" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser.sh: Chromium is missing and there is no apt-get (browser tests will be skipped)" >&2
  exit 0
fi
echo "browser.sh: installing Chromium (apt-get install chromium)" >&2
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; }; then
  echo "browser.sh: could not install Chromium (browser tests will be skipped)" >&2
fi
exit 0

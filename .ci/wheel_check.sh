#!/usr/bin/env bash
# The README's production install, checked: build the wheel from a copy of the tree, install it
# into a fresh venv outside the tree (dependencies from the package index, through pip's cache),
# then from an empty directory with production settings: `check --deploy` with no warning,
# migrate, collectstatic, and uvicorn serving the Vietnamese sign-in page and a static file.
# Run by .ci/run before `make test`, and by `make wheel-check`. About a minute with a warm cache.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

work="$(mktemp -d "${TMPDIR:-/tmp}/dn-wheel-check.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
  step "cleaned up"
}
step() { printf '[wheel-check %3ds] %s\n' "$SECONDS" "$*"; }
trap cleanup EXIT

# A copy of what git would commit (tracked and new, not ignored files): the build writes build/
# and *.egg-info into its source, which must neither land in the working tree nor leak stale
# files into the wheel.
step "copying the source tree"
mkdir "$work/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -C "$work/src" -xf -
else
  tar --exclude=.venv --exclude=build --exclude='*.egg-info' --exclude=__pycache__ \
    --exclude=var --exclude='*.sqlite3' -cf - . | tar -C "$work/src" -xf -
fi

step "creating a fresh venv in $work/venv"
"$PYTHON" -m venv "$work/venv"
py="$work/venv/bin/python"

step "building the wheel"
"$py" -m pip wheel --quiet --no-deps -w "$work/dist" "$work/src"
wheel="$(ls "$work"/dist/*.whl)"
step "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) kB)"

step "installing the wheel and its dependencies"
# --no-compile: bytecode is written on first import anyway, and compiling every dependency
# ahead is a third of the install time.
"$py" -m pip install --quiet --no-compile "$wheel"
rm -rf "$work/src"  # nothing below may read the source

mkdir "$work/run"
cd "$work/run"
export DJANGO_ENV=production DJANGO_SETTINGS_MODULE=config.settings
SECRET_KEY="$("$py" -c 'import secrets; print(secrets.token_urlsafe(40))')"
export SECRET_KEY ALLOWED_HOSTS=testserver,127.0.0.1
export DATABASE_URL="sqlite:///$work/run/db.sqlite3"
export STATIC_ROOT="$work/run/static" MEDIA_ROOT="$work/run/media"
unset REDIS_URL DEBUG SECURE_SSL_REDIRECT SECURE_COOKIES

"$py" - <<'EOF'
import config.settings as s

# The installed package, not a checkout, and its own copies of templates, static and locale.
site = s.BASE_DIR
for path in (s.TEMPLATES[0]["DIRS"][0], s.STATICFILES_DIRS[0], s.LOCALE_PATHS[0]):
    assert path.is_dir() and path.parent == site / "config", path
assert "site-packages" in site.parts, site
print(f"[wheel-check] settings read from {site}")
EOF

step "check --deploy (fails on warnings)"
"$py" -m django check --deploy --fail-level WARNING
step "migrate"
"$py" -m django migrate --noinput >/dev/null
step "collectstatic"
"$py" -m django collectstatic --noinput

port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
step "starting uvicorn on 127.0.0.1:$port"
"$work/venv/bin/uvicorn" config.asgi:application --host 127.0.0.1 --port "$port" --lifespan off \
  --proxy-headers >"$work/uvicorn.log" 2>&1 &
server=$!

# As the TLS proxy would: X-Forwarded-Proto says https, so the HTTPS redirect stays on.
if ! "$py" - "$port" <<'EOF'; then
import re
import sys
import time
import urllib.error
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"


def get(path):
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


for _ in range(100):
    try:
        status, _body = get("/healthz")
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("[wheel-check] uvicorn did not answer /healthz within 20 s")
assert status == 200, f"/healthz: {status}"

status, body = get("/accounts/login/")
page = body.decode()
assert status == 200, f"/accounts/login/: {status}\n{page[:2000]}"
# The template says "Sign in"; the Vietnamese comes from the installed locale catalogue.
assert "Đăng nhập" in page, f"/accounts/login/ is not in Vietnamese:\n{page[:2000]}"
print(f"[wheel-check] GET /accounts/login/ -> {status}, Vietnamese ({len(body)} bytes)")

css = re.search(r'href="(/static/[^"]+\.css)"', page)
assert css, "no stylesheet linked from the sign-in page"
status, body = get(css.group(1))
assert status == 200 and body, f"{css.group(1)}: {status}"
print(f"[wheel-check] GET {css.group(1)} -> {status} ({len(body)} bytes)")
EOF
  echo "[wheel-check] uvicorn log:" >&2
  cat "$work/uvicorn.log" >&2
  exit 1
fi
step "passed"

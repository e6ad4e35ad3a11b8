#!/usr/bin/env bash
# Run Flask's own test suite and popular extensions' own suites twice: on plain Flask, then with
# every flask.Flask app served by flaskcompat through Django (`pytest -p flaskcompat.pytest_plugin
# --flaskcompat`, embedded mode: no DJANGO_SETTINGS_MODULE). Prints a Markdown table.
#
#   bench/ext_suites/run.sh                  # every suite
#   bench/ext_suites/run.sh flask flask-wtf  # some
#   WORK=/tmp/ext-work bench/ext_suites/run.sh   # reuse a work dir (venv, sdists, reports)
#   HOSTED=1 bench/ext_suites/run.sh         # also a third run inside a Django project
#                                            # (hosted_settings.py: Django sessions, messages, CSRF)
#
# Everything happens in WORK (a new temp dir by default): per suite, a virtualenv with Flask 3.1.3,
# Werkzeug 3.1.8, Django 5.2, pytest 9.0.3, the extension and its test dependencies; the suite's
# sdist (`pip download --no-binary :all:`), unpacked; JUnit reports in WORK/reports, output in
# WORK/logs. flaskcompat is this checkout, put on each venv's path (not installed). Before each
# suite, check_bridge.py proves the plugin really serves apps through Django in that venv.
# Server-backed tests (Flask-Caching, Flask-Session) use redis-server/memcached when installed
# (apt-get install redis-server memcached libmemcached-dev); without, they fail both ways.
# Needs network access to PyPI. Not run by CI.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$REPO/bench/ext_suites"
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/flaskcompat-ext.XXXXXX")}
PYTHON=${PYTHON:-python3}
TIMEOUT=${SUITE_TIMEOUT:-1200}
mkdir -p "$WORK/sdists" "$WORK/src" "$WORK/reports" "$WORK/logs"

# name | sdist to download | pip requirements (extension + test deps) | best-effort extras | test path | pytest args
# | local servers the suite expects on their default ports (started here when installed and free)
SUITES='
flask|flask==3.1.3|flask==3.1.3 asgiref python-dotenv greenlet||tests|
flask-cors|flask-cors==6.0.5|flask-cors==6.0.5 packaging||tests|
flask-login|flask-login==0.6.3|flask-login==0.6.3 semantic-version asgiref||tests|
flask-wtf|flask-wtf==1.3.0|flask-wtf==1.3.0 flask-babel flask-reuploaded||tests|
flask-sqlalchemy|flask-sqlalchemy==3.1.1|flask-sqlalchemy==3.1.1 sqlalchemy<2.1 blinker||tests|
flask-caching|flask-caching==2.5.1|flask-caching==2.5.1 cachelib asgiref pytest-asyncio pytest-xprocess redis|pylibmc|tests|
flask-session|flask-session==0.5.0|flask-session==0.5.0 cachelib redis python-memcached flask-sqlalchemy==3.1.1 sqlalchemy<2.1||test_session.py||redis memcached
flask-restful|flask-restful==0.3.10|flask-restful==0.3.10 pynose mock blinker||tests|
flask-smorest|flask-smorest==0.47.0|flask-smorest==0.47.0 marshmallow webargs==8.7.1 apispec==6.10.0 PyYAML packaging||tests|
flask-migrate|flask-migrate==4.1.0|flask-migrate==4.1.0 flask-sqlalchemy==3.1.1 sqlalchemy<2.1||tests|-p no:logging
'

# Kept at these versions whatever an extension asks for (pytest: Flask 3.1.3's suite needs < 9.1).
PINS="flask==3.1.3 werkzeug==3.1.8 django>=5.2,<6 pytest==9.0.3"
MODES="base flaskcompat"
if [ -n "${HOSTED:-}" ]; then
  MODES="$MODES hosted"
  PINS="$PINS pytest-django==4.14.0"
  mkdir -p "$WORK/hosted" && cp "$HERE/hosted_settings.py" "$WORK/hosted/flaskcompat_ext_hosted_settings.py"
fi
pip_() { "$VENV/bin/pip" "$@" 2> >(grep -v '^WARNING: Location' >&2); }

# flaskcompat from this checkout, without putting the checkout's own top-level packages (tests,
# bench, demo_site) on sys.path where they would shadow the suites' `tests` packages.
ln -sfn "$REPO/flaskcompat" "$WORK/src/flaskcompat"
cp "$HERE/flaskcompat_ext_count.py" "$WORK/src/"  # counts the requests Django served

unset DJANGO_SETTINGS_MODULE
wanted=" $* "
rows=()
while IFS='|' read -r name sdist reqs optional testpath args servers; do
  [ -z "$name" ] && continue
  if [ -n "${*:-}" ] && [[ "$wanted" != *" $name "* ]]; then continue; fi
  echo "== $name" >&2
  VENV="$WORK/venvs/$name"  # one environment per suite: test plugins of one don't load in another
  PY="$VENV/bin/python"
  if [ ! -x "$PY" ]; then
    "$PYTHON" -m venv "$VENV" || exit 1
    pip_ install -q --upgrade pip >&2
  fi
  "$PY" -c 'import site,sys; open(site.getsitepackages()[0]+"/flaskcompat-checkout.pth","w").write(sys.argv[1]+"\n")' "$WORK/src"
  pip_ download -q --no-binary :all: --no-deps "$sdist" -d "$WORK/sdists" >&2 || { rows+=("| $name | download failed | | | |"); continue; }
  # shellcheck disable=SC2086
  pip_ install -q $reqs $PINS >&2 || { rows+=("| $name | install failed | | | |"); continue; }
  for extra in $optional; do  # e.g. C extensions that need system libraries: skipped tests without
    # shellcheck disable=SC2086
    pip_ install -q "$extra" $PINS >&2 || echo "   ($extra not installed: its tests fail or skip both ways)" >&2
  done
  mkdir -p "$WORK/check" && cp "$HERE/check_bridge.py" "$WORK/check/" && : >"$WORK/check/pytest.ini"
  if ! (cd "$WORK/check" && "$PY" -m pytest -q -p no:cacheprovider -p flaskcompat.pytest_plugin \
        --flaskcompat check_bridge.py >"$WORK/logs/$name-check.txt" 2>&1); then
    rows+=("| $name | bridge check failed (logs/$name-check.txt) | | | |"); continue
  fi
  pkg=${sdist%%==*}; version=${sdist##*==}
  archive=$(ls "$WORK/sdists" | grep -i -E "^${pkg//-/[-_]}-${version}\.(tar\.gz|zip)$" | head -1)
  dir="$WORK/src/${archive%.tar.gz}"
  [ -d "$dir" ] || tar xzf "$WORK/sdists/$archive" -C "$WORK/src"
  pids=()
  for server in $servers; do  # on 127.0.0.1 only, stopped after the suite
    case $server in
      redis) port=6379; cmd=(redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no) ;;
      memcached) port=11211; cmd=(memcached -l 127.0.0.1 -p 11211 -U 0 -u "$(id -un)") ;;
    esac
    if command -v "${cmd[0]}" >/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      "${cmd[@]}" >"$WORK/logs/$name-$server.txt" 2>&1 &
      pids+=($!)
    else
      echo "   ($server: not installed or port $port busy; its tests fail both ways)" >&2
    fi
  done
  [ ${#pids[@]} -gt 0 ] && sleep 1
  for mode in $MODES; do
    extra=() env=()
    [ "$mode" != base ] && extra=(-p flaskcompat.pytest_plugin --flaskcompat -p flaskcompat_ext_count)
    rm -f "$WORK/reports/$name-$mode.count"
    [ "$mode" = hosted ] && env=(PYTHONPATH="$WORK/hosted" DJANGO_SETTINGS_MODULE=flaskcompat_ext_hosted_settings)
    [ "$mode" != hosted ] && [ -n "${HOSTED:-}" ] && extra+=(-p no:django)
    # PATH: suites that run the `flask` command (Flask-Migrate) get the venv's.
    # shellcheck disable=SC2086
    (cd "$dir" && env "${env[@]}" FLASKCOMPAT_EXT_COUNT="$WORK/reports/$name-$mode.count" PATH="$VENV/bin:$PATH" timeout "$TIMEOUT" "$PY" -m pytest -q --continue-on-collection-errors \
        -o cache_dir="$WORK/cache/$name-$mode" "$testpath" $args "${extra[@]}" \
        --junitxml="$WORK/reports/$name-$mode.xml" >"$WORK/logs/$name-$mode.txt" 2>&1)
    echo "   $mode: $(tail -1 "$WORK/logs/$name-$mode.txt")" >&2
  done
  for pid in "${pids[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null; done
  flags=(--lost)
  [ "$name" = flask ] && flags+=(--modules)
  reports=() counts=()
  for mode in $MODES; do
    reports+=("$WORK/reports/$name-$mode.xml")
    [ "$mode" != base ] && counts+=("$(cat "$WORK/reports/$name-$mode.count" 2>/dev/null || echo "?")")
  done
  flags+=("--requests=$(IFS=/; echo "${counts[*]}")")
  rows+=("$("$PY" "$HERE/summarize.py" "$name ${version}" "${reports[@]}" "${flags[@]}")")
done <<< "$SUITES"

PY="$WORK/venvs/flask/bin/python"
[ -x "$PY" ] || PY="$(ls "$WORK"/venvs/*/bin/python | head -1)"
echo
echo "Flask $("$PY" -c 'import importlib.metadata as m; print(m.version("flask"))'), Werkzeug $("$PY" -c 'import importlib.metadata as m; print(m.version("werkzeug"))'), Django $("$PY" -c 'import django; print(django.__version__)'), pytest $("$PY" -c 'import pytest; print(pytest.__version__)'), Python $("$PY" -c 'import platform; print(platform.python_version())'), $(date -u +%Y-%m-%d)"
echo
if [ -n "${HOSTED:-}" ]; then
  echo "| suite | tests | pass on Flask | pass under --flaskcompat | Flask passes kept | kept, hosted in a project | requests through Django (embedded/hosted) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
else
  echo "| suite | tests | pass on Flask | pass under --flaskcompat | Flask passes kept | requests through Django |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
fi
printf '%s\n' "${rows[@]}"
echo
echo "work dir: $WORK (logs/, reports/)" >&2

#!/usr/bin/env bash
# Creates the project-local Python environments used by runtime verification, and reuses them
# when their pinned requirements have not changed:
#   .venv/mcp1      — the last `mcp` 1.x release: runs legacy SDK v1 servers (originals)
#   .venv/fastmcp4  — `fastmcp` 4.x (+ ruff): runs migrated servers and SDK v2 originals
#   .venv/fastmcp2  — the last `fastmcp` 2.x: runs FastMCP 2 originals
#   .venv/fastmcp3  — the last `fastmcp` 3.x: runs FastMCP 3 originals
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
make_venv() {
  local name="$1" req="$root/python/requirements-$1.txt" dir="$root/.venv/$1"
  local stamp="$dir/.requirements.sha256"
  local want; want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  echo "setting up .venv/$name from python/requirements-$name.txt" >&2
  rm -rf "$dir"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
}
# Two at a time: the machines have two cores.
pids=()
for name in mcp1 fastmcp4 fastmcp2 fastmcp3; do
  make_venv "$name" &
  pids+=($!)
  if [ ${#pids[@]} -eq 2 ]; then wait "${pids[0]}"; wait "${pids[1]}"; pids=(); fi
done
for p in "${pids[@]}"; do wait "$p"; done

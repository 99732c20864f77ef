"""Prints the data behind src/rewrite/dependency-data.ts from the test venvs' installed metadata.

Run with any Python that has `packaging` (e.g. .venv/fastmcp4/bin/python) from the repository root:
    .venv/fastmcp4/bin/python scripts/derive-dependency-tables.py
Nothing is imported from the packages themselves: only their *.dist-info/METADATA is read.
"""
import json
from importlib.metadata import PackageNotFoundError, distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

VENVS = Path(".venv")
PINNED = {"fastmcp", "fastmcp-slim", "mcp", "mcp-types"}


def closure(venv, root, extras=()):
    site = str(next((VENVS / venv / "lib").glob("python*/site-packages")))

    def dist(name):
        for d in distributions(name=name, path=[site]):
            return d
        raise PackageNotFoundError(name)

    seen, edges = {}, []

    def visit(name, extras):
        key = canonicalize_name(name)
        try:
            d = dist(name)
        except PackageNotFoundError:
            return
        entry = seen.setdefault(key, {"version": d.version, "extras": set(), "done": False})
        new = set(extras) - entry["extras"]
        if entry["done"] and not new:
            return
        entry["done"] = True
        entry["extras"] |= set(extras)
        for text in d.requires or []:
            req = Requirement(text)
            if req.marker is not None and not any(req.marker.evaluate({"extra": ex}) for ex in ["", *entry["extras"]]):
                continue
            edges.append((key, canonicalize_name(req.name), str(req.specifier)))
            visit(req.name, list(req.extras))

    visit(root, list(extras))
    return {k: v["version"] for k, v in seen.items()}, edges


fm4, fm4_edges = closure("fastmcp4", "fastmcp")
mcp1, mcp1_edges = closure("mcp1", "mcp")
mcp1_cli, mcp1_cli_edges = closure("mcp1", "mcp", ["cli"])

print("FASTMCP4_REQUIRES")
requires = {}
for frm, to, spec in fm4_edges:
    if frm in PINNED and to not in PINNED and spec:
        requires.setdefault(to, []).append({"specifier": spec, "by": f"{frm} {fm4[frm]}"})
for name in sorted(requires):
    print(json.dumps({"package": name, "resolved": fm4[name], "requires": requires[name]}))

print("LOST_WITH_MCP1 (closure of mcp 1.x, and of mcp[cli] where the venv has the extra, minus fastmcp 4)")
for name in sorted(set(mcp1) | set(mcp1_cli)):
    if name in fm4:
        continue
    print(name, [e for e in mcp1_edges + mcp1_cli_edges if e[1] == name])

fm3, fm3_edges = closure("fastmcp3", "fastmcp")
print("LOST_WITH_FASTMCP3 (closure of fastmcp 3.x minus fastmcp 4; keep the ones code imports directly)")
for name in sorted(set(fm3) - set(fm4)):
    print(name, [e for e in fm3_edges if e[1] == name])

fm2, fm2_edges = closure("fastmcp2", "fastmcp")
print("LOST_WITH_FASTMCP2 (closure of fastmcp 2.x minus fastmcp 3)")
for name in sorted(set(fm2) - set(fm3)):
    print(name, [e for e in fm2_edges if e[1] == name])

print("FASTMCP4_REQUIRES_PYTHON")
site = str(next((VENVS / "fastmcp4" / "lib").glob("python*/site-packages")))
for name in sorted(PINNED):
    for d in distributions(name=name, path=[site]):
        print(name, d.version, d.metadata.get("Requires-Python"))
        break

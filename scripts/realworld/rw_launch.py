"""Starts a package's MCP server the way its console script or `python -m` would.

Used by the real-world suite (scripts/realworld) so the original and the migrated server start the
same way with their venv's python:

    rw_launch.py [--prefer DIR] (--script MODULE:ATTR | --module MODULE) [--prog NAME] -- ARGS...

--prefer DIR puts DIR first on sys.path and checks that the server's top-level package is really
imported from DIR (the migrated source), not from a copy installed in site-packages; exit 97 if not.
"""
import importlib
import os
import runpy
import sys


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.getcwd()) == here:
        del sys.path[0]
    argv = sys.argv[1:]
    prefer = script = module = prog = None
    while argv and argv[0] != "--":
        flag = argv.pop(0)
        if not argv:
            sys.exit(f"rw_launch: {flag} needs a value")
        value = argv.pop(0)
        if flag == "--prefer":
            prefer = os.path.abspath(value)
        elif flag == "--script":
            script = value
        elif flag == "--module":
            module = value
        elif flag == "--prog":
            prog = value
        else:
            sys.exit(f"rw_launch: unknown option {flag}")
    if argv:
        argv.pop(0)
    if (script is None) == (module is None):
        sys.exit("rw_launch: give exactly one of --script MODULE:ATTR or --module MODULE")
    target_module = script.split(":", 1)[0] if script else module
    # Before any import: some servers parse sys.argv at import time.
    sys.argv = [prog or (script.split(":", 1)[0] if script else module), *argv]
    if prefer:
        sys.path.insert(0, prefer)
        top = target_module.split(".")[0]
        imported = importlib.import_module(top)
        places = [getattr(imported, "__file__", None), *list(getattr(imported, "__path__", None) or [])]
        places = [os.path.abspath(p) for p in places if p]
        if not any(p == prefer or p.startswith(prefer + os.sep) for p in places):
            sys.stderr.write(f"rw_launch: module {top} was imported from {places}, not from {prefer}\n")
            sys.exit(97)
    if script:
        mod_name, attr = script.split(":", 1)
        obj = importlib.import_module(mod_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
        sys.exit(obj())
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()

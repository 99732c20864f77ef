"""Never answers: reads stdin and ignores it (the time-out test)."""
import sys
import time

print("hang.py: pretending to load a model", file=sys.stderr, flush=True)
for _line in sys.stdin:
    time.sleep(0.01)
time.sleep(60)

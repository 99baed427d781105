#!/usr/bin/env python3
"""Reads the output of RealWindowFrames run with -Djavafx.pulseLogger=true and prints, per gesture,
the pulses it took and their duration, and the render ("Painting") time of the pulses slow enough
to be logged in full: median / p95 / max in ms."""
import re, statistics, sys

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float('nan')

gesture, rows, pulses, paints = None, [], [], []
for line in open(sys.argv[1], errors='replace'):
    # A marker may follow pulse text on the same line (both threads print to stdout).
    m = re.search(r'FRAMES-(BEGIN|END|ZOOM) (.*)', line)
    head = line[:m.start()] if m else line
    if gesture:
        mm = re.match(r'PULSE: \d+ \[(\d+)ms:(\d+)ms\]', head)
        if mm: pulses.append(int(mm.group(2)))
        # The quick pulses come as "[n since:took]" runs on a line.
        for mm in re.finditer(r'\[\d+ (\d+)ms:(\d+)ms\]', head): pulses.append(int(mm.group(2)))
        mm = re.search(r'\(-?\d+ \+(\d+)ms\): Painting', head)
        if mm: paints.append(int(mm.group(1)))
    if not m: continue
    if m.group(1) == 'BEGIN':
        gesture, pulses, paints = m.group(2).strip(), [], []
    elif m.group(1) == 'END' and gesture:
        rows.append((gesture, pulses, paints))
        gesture = None
    else:
        print('#', m.group(2).strip())
print('| gesture | pulses | pulse ms (median / p95 / max) | painting ms (median / p95 / max) |')
print('|---|---|---|---|')
for g, p, q in rows:
    f = lambda xs: '%s / %s / %s' % (statistics.median(xs) if xs else '-', pct(xs, 95), max(xs) if xs else '-')
    print('| %s | %d | %s | %s |' % (g, len(p), f(p), f(q)))

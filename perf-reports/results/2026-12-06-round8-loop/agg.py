#!/usr/bin/env python3
"""agg.py FILE.collapsed [mode]: per thread group share; top self frames per group; top 'interesting' inclusive frames."""
import re, sys, collections
path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
groups = collections.Counter(); selfc = collections.defaultdict(collections.Counter); incl = collections.defaultdict(collections.Counter)
total = 0
def group(t):
    t = re.sub(r' tid=\d+\]', ']', t).strip('[]')
    t = re.sub(r'-\d+$', '', t); t = re.sub(r'\d+$', '', t)
    if t.startswith('QF/J Session dispatcher'): t = 'QF/J Session dispatcher'
    if t.startswith('C1 CompilerThre') or t.startswith('C2 CompilerThre'): t = 'jit'
    if t.startswith('GC Thread') or t.startswith('G1 '): t = 'gc'
    return t
for line in open(path):
    stack, _, n = line.rstrip().rpartition(' ')
    n = int(n); frames = stack.split(';')
    g = group(frames[0]); total += n; groups[g] += n
    selfc[g][frames[-1]] += n
    seen = set()
    for f in frames[1:]:
        if f in seen: continue
        seen.add(f); incl[g][f] += n
print(f"total samples {total}")
for g, n in groups.most_common():
    print(f"\n== {g}: {n} ({100*n/total:.1f}%)")
    if n < total * 0.02: continue
    print("  self:")
    for f, m in selfc[g].most_common(top): print(f"    {100*m/n:5.1f}%  {f}")
    print("  inclusive (quickfix/peregrine/mina/jdk):")
    shown = 0
    for f, m in incl[g].most_common(400):
        if re.search(r'quickfix|peregrine|mina|java/|sun/|jdk/|agrona|aeron', f) and m < n*0.98:
            print(f"    {100*m/n:5.1f}%  {f}"); shown += 1
            if shown >= top*2: break

import re,glob,os
rows=[]
for f in sorted(glob.glob('/tmp/lc/out/ab3-*.txt'), key=lambda p:(int(re.search(r'-(\d+)\.txt',p).group(1)), ['base','after','after-pargc'].index(re.sub(r'ab3-|-\d+\.txt','',os.path.basename(p))))):
    t=open(f).read()
    m=re.search(r'^start (\S+) load: (\S+)',t,re.M)
    loop=re.search(r'5,000/s -> New: us p50 (\S+).*?done ([\d,]+)/s',t)
    cpu=re.search(r'5,000/s loop   cpu: ([\d.]+) us/order:(.*)',t)
    if not cpu: rows.append(f"| {os.path.basename(f)[4:-4]} | {m.group(1)} | {m.group(2)} | (did not finish) | | | | | |"); continue
    d=cpu.group(2)
    def g(name):
        mm=re.search(re.escape(name)+r'(?: \(\d+\))? ([\d.]+)',d); return float(mm.group(1)) if mm else 0.0
    jit=g('jvm jit'); tot=float(cpu.group(1))
    cl=re.search(r'load client JVM ([\d.]+) us/order(?:, ([\d.]+) without its JIT)?',d)
    rows.append(f"| {os.path.basename(f)[4:-4]} | {m.group(1)} | {m.group(2)} | {loop.group(1) if loop else '?'} us, {loop.group(2) if loop else '?'}/s | {tot:.1f} | {tot-jit:.1f} | {g('NioProcessor'):.1f} | {g('peregrine-shared-agents'):.1f} | {g('QF/J Session dispatcher'):.1f} | {g('jvm gc'):.1f} | {cl.group(1)}{(' / '+cl.group(2)) if cl.group(2) else ''} |")
print("| run | start (UTC) | load | loop p50, completed | stack | stack w/o JIT | NioProcessor | shared agents | dispatcher | GC | client JVM / w/o JIT |")
print("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
print("\n".join(rows))

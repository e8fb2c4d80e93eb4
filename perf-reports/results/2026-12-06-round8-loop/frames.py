#!/usr/bin/env python3
"""frames.py FILE.collapsed: inclusive share (of the group's samples and of all samples) of chosen frames per thread group"""
import re, sys, collections
sys.path.insert(0, '/tmp/lc')
FR = [
 ('FileStore (all)', r'quickfix/FileStore\.|PositionalFileStore\.'),
 ('  FileStore.set (message)', r'quickfix/FileStore\.set$'),
 ('  FileStore seqnum', r'quickfix/FileStore\.store(Sender|Target)SequenceNumber'),
 ('socket write (IOUtil.write from SocketChannel)', r'sun/nio/ch/SocketChannelImpl\.write'),
 ('socket read', r'sun/nio/ch/SocketChannelImpl\.read'),
 ('selector wakeup', r'EPollSelectorImpl\.wakeup'),
 ('epoll select', r'EPollSelectorImpl\.doSelect'),
 ('DataDictionary.validate', r'quickfix/DataDictionary\.validate'),
 ('Message parse', r'quickfix/Message\.(parse|fromString)|MessageUtils\.parse'),
 ('Message toString (encode)', r'quickfix/Message\.toString'),
 ('Session.verify', r'quickfix/Session\.verify$'),
 ('Session.send/sendRaw', r'quickfix/Session\.sendRaw'),
 ('Session.next(msg)', r'quickfix/Session\.next$'),
 ('app fromApp', r'fromApp$'),
 ('logging (slf4j/simplelogger)', r'slf4j|SimpleLogger'),
 ('park/unpark', r'LockSupport\.(park|unpark)|Unsafe\.(park|unpark)'),
 ('RecordLog.append (gateway journal)', r'RecordLog\.append'),
 ('Aeron offer', r'Publication\.(offer|tryClaim)'),
 ('CheckLatency/SendingTime', r'isGoodTime|checkLatency|UtcTimestampConverter|SystemTime'),
 ('MINA write path (session.write)', r'AbstractIoSession\.write$'),
]
groups = collections.Counter(); hits = collections.defaultdict(collections.Counter); total = 0
def group(t):
    t = re.sub(r' tid=\d+\]', ']', t).strip('[]'); t = re.sub(r'-\d+$', '', t); t = re.sub(r'\d+$', '', t)
    if t.startswith('QF/J Session dispatcher'): t = 'QF/J Session dispatcher'
    if 'CompilerThre' in t: t = 'jit'
    if t.startswith('GC Thread') or t.startswith('G1 '): t = 'gc'
    return t
for line in open(sys.argv[1]):
    stack, _, n = line.rstrip().rpartition(' '); n = int(n); frames = stack.split(';')
    g = group(frames[0]); total += n; groups[g] += n
    for name, rx in FR:
        if any(re.search(rx, f) for f in frames[1:]): hits[g][name] += n
print(f"total samples {total}")
for g, n in groups.most_common(6):
    print(f"== {g}: {n} ({100*n/total:.1f}% of all)")
    for name, _ in FR:
        m = hits[g][name]
        if m: print(f"   {100*m/n:5.1f}% of group ({100*m/total:4.1f}% of all)  {name}")

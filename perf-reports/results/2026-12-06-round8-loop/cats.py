#!/usr/bin/env python3
"""cats.py A.collapsed [B.collapsed ...]: each sample goes to the category of the frame nearest its leaf that
matches one; shares of the process's non-JIT samples, per file, summed over the files given."""
import re, sys, collections
CATS = [  # (name, regex) checked on each frame from the leaf up; the first frame that matches any decides
 ('socket write (MINA flush)', r'SocketChannelImpl\.write|SocketDispatcher\.write'),
 ('socket read', r'SocketChannelImpl\.read'),
 ('epoll wait / selector wakeup', r'EPollSelectorImpl\.(doSelect|wakeup)|EPoll\.wait'),
 ('QFJ message store (FileStore / PositionalFileStore)', r'quickfix/FileStore\.|PositionalFileStore\.'),
 ('gateway journals (RecordLog.append)', r'RecordLog\.append'),
 ('QFJ DataDictionary.validate', r'quickfix/DataDictionary\.validate'),
 ('QFJ parse (Message.fromString/parse)', r'quickfix/Message\.(fromString|parse)|quickfix/MessageUtils\.parse'),
 ('QFJ encode (Message.toString)', r'quickfix/Message\.toString'),
 ('QFJ SendingTime/CheckLatency', r'UtcTimestampConverter|isGoodTime|checkLatency'),
 ('Aeron offer/poll', r'io/aeron/|org/agrona/concurrent/(status|ringbuffer)'),
 ('MINA write queue', r'AbstractIoSession\.write|DefaultIoFilterChain\.fireFilterWrite'),
 ('venue sim matching (SimulatedExchangeAgent)', r'SimulatedExchangeAgent'),
 ('gateway: build broker ER (BrokerReports)', r'BrokerReports\.'),
 ('gateway: venue ER in (VenueClientFixApplication)', r'VenueClientFixApplication'),
 ('gateway: NOS in (BrokerFixApplication)', r'BrokerFixApplication'),
 ('QFJ Session.send (rest)', r'quickfix/Session\.(send|sendRaw|sendToTarget)'),
 ('QFJ Session.next/verify (rest)', r'quickfix/Session\.(next|verify|fromCallback)'),
 ('MINA decode/filters (rest)', r'org/apache/mina'),
 ('core agent', r'io/peregrine/core/'),
 ('gateway other', r'io/peregrine/gateway/'),
 ('park/idle', r'LockSupport\.park|BackoffIdleStrategy|Unsafe\.park'),
]
def group(t):
    t = re.sub(r' tid=\d+\]', ']', t).strip('[]')
    if 'CompilerThre' in t: return 'jit'
    if t.startswith('GC Thread') or t.startswith('G1 '): return 'gc'
    return 'other'
for path in sys.argv[1:]:
    tot = 0; jit = 0; c = collections.Counter()
    for line in open(path):
        s, _, n = line.rstrip().rpartition(' '); n = int(n); f = s.split(';')
        g = group(f[0])
        if g == 'jit': jit += n; continue
        tot += n
        if g == 'gc': c['GC threads'] += n; continue
        name = 'other'
        for fr in reversed(f[1:]):
            hit = next((nm for nm, rx in CATS if re.search(rx, fr)), None)
            if hit: name = hit; break
        c[name] += n
    print(f"{path}: non-JIT samples {tot} (JIT {jit})")
    for k, n in c.most_common(): print(f"  {100*n/tot:5.1f}%  {n:5d}  {k}")

#!/usr/bin/env python3
"""syscalls.py A.collapsed ...: share of the process's non-JIT samples spent in write/pwrite/lseek system calls, by who called."""
import re, sys, collections
WHO = [('socket (MINA flush)', r'SocketChannelImpl|SocketDispatcher'), ('selector wakeup', r'EPollSelectorImpl\.wakeup|IOUtil\.write1'),
       ('QFJ store', r'quickfix/FileStore\.|PositionalFileStore\.'), ('gateway journals', r'RecordLog\.'),
       ('FIX message log', r'RollingFile|FileLog')]
for path in sys.argv[1:]:
    tot = 0; c = collections.Counter()
    for line in open(path):
        s, _, n = line.rstrip().rpartition(' '); n = int(n); f = s.split(';')
        if 'CompilerThre' in f[0]: continue
        tot += n
        if f[-1] in ('__GI_write', '__pwrite64', '__lseek64', '__libc_write', 'write', 'pwrite64', 'lseek64'):
            who = next((w for w, rx in WHO if any(re.search(rx, x) for x in f)), 'other')
            c[who] += n; c['ALL'] += n
    print(f"{path}: non-JIT {tot}; write/pwrite/lseek leaf: " + ", ".join(f"{k} {100*v/tot:.1f}%" for k, v in c.most_common()))

"""Two threads each run `n = add(n, 1)`: a lost update through a call.

The old n waits on the caller's stack while add runs. Every model has a
switch point inside the call (3.8/3.9: after most opcodes; 3.10: add's
frame entry and the return; 3.11+: add's RESUME), so gilrace predicts
n = 1 as well as n = 2 on every version.
"""
# gilrace-threads: worker=2
# gilrace-observe: n
import threading

n = 0


def add(a, b):
    return a + b


def worker():
    global n
    n = add(n, 1)

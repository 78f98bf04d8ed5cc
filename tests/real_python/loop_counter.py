"""Two threads each add 1 to a global counter K times in a `for` loop.

On CPython 3.10+ the loop body `n += 1` (LOAD_GLOBAL, LOAD_CONST, add,
STORE_GLOBAL) contains no switch point: the thread can only be switched out
at the loop's backward jump, after the store, so no update is ever lost
(gilrace predicts only n = 2*K). The 3.8 and 3.9 models switch after any
opcode that ends with DISPATCH(), including LOAD_GLOBAL, so they predict lost
updates too.
"""
# gilrace-threads: worker=2
# gilrace-observe: n
import threading

K = 3
n = 0


def worker():
    global n
    for i in range(K):
        n += 1

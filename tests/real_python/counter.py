"""Two threads each run a single `n += 1` on a global: the seed race.

Under the 3.8/3.9 models a switch can fall between the load and the store,
so n = 1 (a lost update) is predicted as well as n = 2. From 3.10 on there
is no switch point between them (3.11+: only RESUME, backward jumps and
after calls), so gilrace predicts only n = 2.
"""
# gilrace-threads: worker=2
# gilrace-observe: n
import threading

n = 0


def worker():
    global n
    n += 1

"""Check-then-act on a shared list: each thread pops an item if the list
looks non-empty. With one item and two threads, a switch between the
`len(items) > 0` test and `items.pop()` lets both threads pass the test, and
the second pop raises IndexError. Every model predicts it: even 3.11+ may
switch after a call returns, and `len(items)` is a call. `taken` counts the
successful pops.
"""
# gilrace-threads: taker=2
# gilrace-observe: items, taken
import threading

items = [7]
taken = 0


def taker():
    global taken
    if len(items) > 0:
        items.pop()
        taken += 1

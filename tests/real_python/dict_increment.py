"""A lost update on a dict item: each thread runs `counts["a"] += 1`, which
loads the item (BINARY_SUBSCR), adds, and stores it back (STORE_SUBSCR). A
switch between the load and the store loses one increment: 3.8/3.9 predict
`{'a': 1}`; 3.10+ with the GIL have no switch point inside the statement.
"""
# gilrace-threads: bump=2
# gilrace-observe: counts
counts = {"a": 0}


def bump():
    counts["a"] += 1

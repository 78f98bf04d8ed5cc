"""Check-then-act on a dict: each thread stores a key only if it is missing
and records that it did. A switch between the `not in` test and the store
lets both threads find the key missing, so both store it and `setters`
holds two entries: 3.8/3.9 predict it; 3.10+ with the GIL run the test and
the store without a switch point between them.
"""
# gilrace-threads: setter=2
# gilrace-observe: d, setters
d = {}
setters = []


def setter():
    if "k" not in d:
        d["k"] = 1
        setters.append(1)

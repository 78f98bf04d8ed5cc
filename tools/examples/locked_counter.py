"""The seed's fix: a threading.Lock held around the increment.

    python3 tools/py2scn.py tools/examples/locked_counter.py worker --threads worker=2 \
        --expect 'n == 2' -o locked_counter.scn

(`with lock:` compiles to SETUP_WITH / BEFORE_WITH, which gilrace does not
model; explicit acquire() and release() calls are plain method calls.)
"""
import threading

n = 0
lock = threading.Lock()


def worker():
    global n
    lock.acquire()
    n += 1
    lock.release()

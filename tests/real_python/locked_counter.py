"""The counter of loop_counter.py with a threading.Lock held around each
increment (explicit acquire()/release() calls: gilrace does not model
`with lock:` yet). Every model, even 3.8's, predicts only n = 2*K: the lock
makes each read-modify-write atomic.
"""
# gilrace-threads: worker=2
# gilrace-observe: n
import threading

K = 2
n = 0
lock = threading.Lock()


def worker():
    global n
    for i in range(K):
        lock.acquire()
        n += 1
        lock.release()

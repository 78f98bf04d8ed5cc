"""The seed race as real Python: threads each run `n += 1` on a global.

    python3 tools/py2scn.py tools/examples/counter.py worker --threads worker=2 \
        --observe n --expect 'n == 2' -o counter.scn

py2scn runs this module with __name__ set to "__py2scn__", so the block at the
bottom (which really starts the threads) does not run.
"""
import threading

n = 0


def worker():
    global n
    n += 1


if __name__ == "__main__":
    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(n)

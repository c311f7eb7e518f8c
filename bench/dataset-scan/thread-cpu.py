#!/usr/bin/env python3
"""Where each thread of a command spends its time: CPU (user, system) and, from the scheduler's statistics, how long
it ran, waited for a core while runnable, and was blocked (waiting on a queue, a lock, a GC pause or I/O).

On a shared machine wall-clock time mostly measures the neighbours; per-thread CPU time and the blocked share do not:
a scanning thread that is often blocked is starved by the reader, a reader that is never blocked is the bottleneck.

usage: bench/dataset-scan/thread-cpu.py COMMAND [ARGS...]
  e.g. bench/dataset-scan/thread-cpu.py dotnet /tmp/gatehouse-bench/gatehouse/gatehouse.dll scan FILE --workers 2 --list 0

The command's output is discarded. Threads are sampled every 50 ms from /proc/PID/task (Linux only), so a thread that
lives less than that may be missed; threads under 50 ms of CPU are not listed. .NET names its dedicated scanner and
reader threads ".NET Long Running Task" alike: the scanners start first (lower thread ids), the file reader last.
"""
import os
import signal
import subprocess
import sys
import time


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # piping into head is fine
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ticks = os.sysconf("SC_CLK_TCK")
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    threads = {}
    started = time.time()
    while process.poll() is None:
        now = time.time()
        try:
            tids = os.listdir(f"/proc/{process.pid}/task")
        except OSError:
            break
        for tid in tids:
            try:
                with open(f"/proc/{process.pid}/task/{tid}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{process.pid}/task/{tid}/schedstat") as f:
                    running, waiting, _ = f.read().split()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            first_seen = threads.get(tid, {}).get("first", now)
            threads[tid] = {"name": name, "user": int(fields[11]) / ticks, "sys": int(fields[12]) / ticks,
                            "running": int(running) / 1e9, "waiting": int(waiting) / 1e9, "first": first_seen, "last": now}
        time.sleep(0.05)
    wall = time.time() - started
    error = process.stderr.read().decode(errors="replace")
    total = sum(t["user"] + t["sys"] for t in threads.values())
    print(f"wall {wall:.1f} s, CPU of all threads {total:.1f} s, exit {process.returncode}, "
          f"load average {' '.join(open('/proc/loadavg').read().split()[:3])}, {os.cpu_count()} cores")
    print(f"{'thread':>8} {'name':<24} {'user':>7} {'sys':>6} {'alive':>7} {'running':>8} {'runnable':>9} {'blocked':>8}")
    for tid, t in sorted(threads.items(), key=lambda p: int(p[0])):
        if t["user"] + t["sys"] < 0.05:
            continue
        alive = t["last"] - t["first"]
        blocked = max(0.0, alive - t["running"] - t["waiting"])
        print(f"{tid:>8} {t['name']:<24} {t['user']:7.2f} {t['sys']:6.2f} {alive:7.1f} {t['running']:8.2f} {t['waiting']:9.2f} {blocked:8.2f}")
    if process.returncode not in (0, 1):
        print(error[-2000:], file=sys.stderr)


if __name__ == "__main__":
    main()

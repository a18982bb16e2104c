#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""interleave.py RUNS NAME=COMMAND... - runs each COMMAND (split on spaces,
stdout to /dev/null) once per round, in turn, for RUNS rounds, and prints
per NAME the median CPU time (user + system, from wait4's rusage of that
child alone), its user and system parts, the least CPU time, the peak RSS
and the median's ratio to the first NAME's. The load average is printed
before and after: on a shared machine compare only figures of one run of
this script. Standard library only."""
import os
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    progs = []
    for arg in sys.argv[2:]:
        name, sep, cmd = arg.partition("=")
        if not sep or not cmd.split():
            print(__doc__, file=sys.stderr)
            return 2
        progs.append((name, cmd.split()))
    times = {name: [] for name, _ in progs}
    with open("/proc/loadavg") as f:
        load0 = " ".join(f.read().split()[:3])
    for _ in range(runs):
        for name, cmd in progs:
            with open(os.devnull, "wb") as null:
                child = subprocess.Popen(cmd, stdout=null)
                _, status, ru = os.wait4(child.pid, 0)
            if status != 0:
                print("interleave: %s failed (status %d)" % (name, status), file=sys.stderr)
                return 1
            times[name].append((ru.ru_utime + ru.ru_stime, ru.ru_utime, ru.ru_stime, ru.ru_maxrss))
    with open("/proc/loadavg") as f:
        load1 = " ".join(f.read().split()[:3])
    print("load average %s -> %s; %d runs each" % (load0, load1, runs))
    base = statistics.median(t[0] for t in times[progs[0][0]])
    for name, _ in progs:
        t = times[name]
        cpu = statistics.median(x[0] for x in t)
        print("%-12s cpu %.3f s (user %.3f, sys %.3f) least %.3f s  peak rss %d KiB  %.2fx" % (
            name, cpu, statistics.median(x[1] for x in t), statistics.median(x[2] for x in t),
            min(x[0] for x in t), max(x[3] for x in t), cpu / base))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""cputime.py OUT CMD [ARG...] - runs CMD with its stdout in OUT and prints
"WALL CPU" in seconds, CPU being the user + system time of CMD alone (from
getrusage of the children), which a busy machine does not inflate the way it
inflates wall time. Exits with CMD's status. Standard library only."""
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with open(sys.argv[1], "wb") as out:
        rc = subprocess.call(sys.argv[2:], stdout=out)
    t1 = time.monotonic()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print("%.6f %.6f" % (t1 - t0, cpu))
    return rc


if __name__ == "__main__":
    sys.exit(main())

"""The M/M/8 queue of bench/mm8.yaml in SimPy 3, the reference that `npm run bench -- mm8` compares
batchsim's jobs/s with (issue 9: batchsim ≥ 3× SimPy, stretch ≥ 10×).

Poisson arrivals at 36/h, exponential service with mean 600 s, Resource(capacity=8) served first
come first served, a source process and one process per job. The mean wait should be close to
Erlang C's 107.1 s (rho = 0.75). Prints one JSON line:
{"jobs": N, "seconds": S, "jobsPerSecond": R, "meanWait": W}.

    /usr/bin/python3 bench/simpy-mm8.py [jobs]      # default 1,000,000

Needs SimPy 3 (Debian: apt-get install python3-simpy3).
"""

import json
import random
import sys
import time

import simpy

SERVERS = 8
ARRIVALS_PER_SECOND = 36 / 3600
MEAN_SERVICE_SECONDS = 600.0


def job(env, servers, rng, waits):
    arrived = env.now
    with servers.request() as request:
        yield request
        waits.append(env.now - arrived)
        yield env.timeout(rng.expovariate(1 / MEAN_SERVICE_SECONDS))


def source(env, servers, rng, n, waits):
    for _ in range(n):
        yield env.timeout(rng.expovariate(ARRIVALS_PER_SECOND))
        env.process(job(env, servers, rng, waits))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(1)
    waits = []
    started = time.perf_counter()
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    env.process(source(env, servers, rng, n, waits))
    env.run()
    seconds = time.perf_counter() - started
    result = {
        "jobs": len(waits),
        "seconds": round(seconds, 3),
        "jobsPerSecond": round(len(waits) / seconds),
        "meanWait": round(sum(waits) / len(waits), 2) if waits else 0,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

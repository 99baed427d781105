#!/usr/bin/env python3
# Start-up of olimpus-cli (docs/benchmarks.md, "Command-line start-up"): for each "name|ENV=v,...|command",
# one warm-up run, then 9 runs: the time to the first byte of standard output and the CPU time.
# Run from cli/target: python3 ../../packaging/bench/cli-startup.py "launcher||./olimpus-cli --help"
import subprocess, time, sys, statistics, resource, os
def run(cmd, env):
    r0=resource.getrusage(resource.RUSAGE_CHILDREN)
    t=time.perf_counter()
    p=subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    p.stdout.read(1); first=time.perf_counter()-t
    p.communicate()
    r1=resource.getrusage(resource.RUSAGE_CHILDREN)
    return first, (r1.ru_utime-r0.ru_utime)+(r1.ru_stime-r0.ru_stime)
for arg in sys.argv[1:]:
    name, envs, cmd = arg.split('|')
    env=dict(os.environ); 
    for kv in filter(None, envs.split(',')): k,v=kv.split('='); env[k]=v
    run(cmd.split(), env)
    rs=[run(cmd.split(), env) for _ in range(9)]
    f=sorted(r[0] for r in rs); c=sorted(r[1] for r in rs)
    print(f"{name:28s} first output: median {statistics.median(f)*1000:4.0f} ms, best {f[0]*1000:4.0f} ms | CPU: median {statistics.median(c)*1000:4.0f} ms")

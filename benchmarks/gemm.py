"""float32 GEMM speed: pydeep's core against numpy (OpenBLAS) in the same run.

    python benchmarks/gemm.py                      # n = 256..2048, 1 and 2 threads
    python benchmarks/gemm.py --threads 1 --sizes 1024 --repeats 21
    python benchmarks/gemm.py --neighbour-load     # one busy process beside the run

For each thread count the script re-runs itself in a subprocess with
OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set (BLAS libraries
read them when they load) and calls pydeep.config.set_num_threads too. Square
C = A @ B products; GFLOP/s = 2 n^3 / median time. The two libraries run in
alternating blocks so that machine noise hits both, with a pause after each
block: OpenBLAS's worker threads keep spinning for ~0.1 s after a call and
would otherwise steal a core from whatever runs next.
"""
import argparse
import json
import os
import subprocess
import sys
import time

PAUSE_S = 0.15      # longer than OpenBLAS's spin-before-sleep (~0.1 s)
MIN_SAMPLE_S = 0.02  # each sample times enough calls to last this long


def _sample(fn, calls):
    t0 = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t0) / calls


def _measure(n, repeats, blocks):
    import numpy as np
    import pydeep

    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    expected = a.astype(np.float64) @ b.astype(np.float64)
    got = np.asarray(pydeep.ops.matmul(a, b))
    err = float(np.max(np.abs(got - expected)) / np.max(np.abs(expected)))
    if not err < 1e-4:
        raise SystemExit(f"gemm.py: pydeep.ops.matmul is wrong at n={n}: relative error {err:.2e}")

    libs = {"pydeep": lambda: pydeep.ops.matmul(a, b), "numpy": lambda: np.matmul(a, b)}
    calls = {}
    for name, fn in libs.items():  # warm-up, and calls per sample
        for _ in range(2):
            fn()
        calls[name] = max(1, int(MIN_SAMPLE_S / _sample(fn, 1)))
    times = {name: [] for name in libs}
    per_block = max(1, -(-repeats // blocks))
    order = list(libs)
    for block in range(blocks):
        for name in order if block % 2 == 0 else order[::-1]:
            for _ in range(per_block):
                times[name].append(_sample(libs[name], calls[name]))
            time.sleep(PAUSE_S)
    flop = 2.0 * n ** 3
    return {name: flop / float(np.median(t)) / 1e9 for name, t in times.items()}


def _child(args):
    import pydeep

    pydeep.config.set_num_threads(args.child)
    for n in args.sizes:
        g = _measure(n, args.repeats, args.blocks)
        print(json.dumps({"threads": args.child, "n": n, **g}), flush=True)


def _busy():
    while True:
        pass


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or platform.machine()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[256, 512, 1024, 2048])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--repeats", type=int, default=15, help="timed samples per library and size")
    p.add_argument("--blocks", type=int, default=5, help="alternating blocks the samples come in")
    p.add_argument("--neighbour-load", action="store_true",
                   help="keep one busy-looping process running beside the measurement")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return _child(args)

    import multiprocessing
    import numpy as np
    import pydeep

    busy = None
    if args.neighbour_load:
        busy = multiprocessing.Process(target=_busy, daemon=True)
        busy.start()
    rows = []
    try:
        for t in args.threads:
            env = dict(os.environ, OMP_NUM_THREADS=str(t), OPENBLAS_NUM_THREADS=str(t),
                       MKL_NUM_THREADS=str(t))
            cmd = [sys.executable, os.path.abspath(__file__), "--child", str(t),
                   "--repeats", str(args.repeats), "--blocks", str(args.blocks),
                   "--sizes", *map(str, args.sizes)]
            out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
            rows += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    finally:
        if busy is not None:
            busy.terminate()

    print(f"float32 GEMM, square n x n; {_cpu_name()}, {os.cpu_count()} CPUs; "
          f"pydeep {getattr(pydeep, '__version__', '?')}, numpy {np.__version__}"
          + ("; one busy neighbour process" if args.neighbour_load else ""))
    print(f"median of {args.repeats} samples after warm-up; GFLOP/s = 2 n^3 / time\n")
    print("| threads | n | pydeep GFLOP/s | numpy GFLOP/s | pydeep / numpy |")
    print("|--:|--:|--:|--:|--:|")
    for r in rows:
        print(f"| {r['threads']} | {r['n']} | {r['pydeep']:.1f} | {r['numpy']:.1f} "
              f"| {r['pydeep'] / r['numpy']:.2f} |")


if __name__ == "__main__":
    main()

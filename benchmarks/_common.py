"""What the throughput benchmarks share: timing, the idiomatic PyTorch epoch,
the optional Keras peer and the results table."""
import os
import statistics
import time


def median_time(fn, repeats):
    """Median wall time of `repeats` calls of fn after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def torch_epoch(model, loss_fn, x, y, batch_size, lr=1e-3):
    """One shuffled epoch of the hand-written PyTorch loop (Adam), as a
    function to time."""
    import torch

    opt = torch.optim.Adam(model.parameters(), lr=lr)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    n = len(x)

    def epoch():
        perm = torch.randperm(n)
        for i in range(0, n, batch_size):
            idx = perm[i:i + batch_size]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(tx[idx]), ty[idx]).backward()
            opt.step()
    return epoch


def keras_module(threads):
    """Keras 3 on the torch backend with the thread count pinned (ImportError
    when it is not installed)."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    import torch

    torch.set_num_threads(threads)
    return keras


def add_keras_row(rows, no_keras, bench):
    """Appends Keras's row unless --no-keras; says so when Keras is missing."""
    if no_keras:
        return
    try:
        rows.append(("Keras 3 (torch backend)", bench()))
    except ImportError as e:
        print(f"(Keras 3 not measured: {e}; pip install keras)")


def print_table(title, rows, samples, digits=3):
    """rows: (library, epoch seconds), pydeep first; speed-up = peer time / pydeep time."""
    base = rows[0][1]
    print(f"\n{title}")
    print("| library | epoch (s) | samples/s | pydeep speed-up |")
    print("| --- | ---: | ---: | ---: |")
    for name, t in rows:
        print(f"| {name} | {t:.{digits}f} | {samples / t:,.0f} | {t / base:.2f}x |")

"""LSTM training throughput: pydeep vs PyTorch (and Keras 3 on torch) in one run.

    python benchmarks/lstm.py                    # LSTM(128) on 50x32 sequences, batch 64, MSE
    python benchmarks/lstm.py --threads 1 --epochs 2 --samples 1024

Each library trains LSTM(128) -> Dense(1) with Adam on the same synthetic
sequences (timesteps 50, features 32) for the same epochs, thread count
pinned for all. pydeep's layer is one fused recurrence op per call (BPTT in
C++); PyTorch uses nn.LSTM (its native fused CPU kernel) in an idiomatic
nn.Module loop. Reported: samples/s (median of the timed epochs after one
warm-up epoch) and the ratio (> 1: pydeep faster).
"""
import argparse
import os
import statistics
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=3, help="timed epochs (after one warm-up)")
    p.add_argument("--samples", type=int, default=4096)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--units", type=int, default=128)
    p.add_argument("--no-keras", action="store_true")
    return p.parse_args()


def data(n, t=50, f=32):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, t, f), dtype=np.float32)
    y = x[:, :, :4].mean(axis=(1, 2))[:, None].astype(np.float32)
    return x, y


def time_epochs(run_epoch, epochs):
    run_epoch()  # warm-up
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        run_epoch()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_pydeep(x, y, args):
    import pydeep
    from pydeep import layers

    pydeep.config.set_num_threads(args.threads)
    model = pydeep.Sequential([pydeep.Input(x.shape[1:]), layers.LSTM(args.units),
                               layers.Dense(1)])
    model.compile(pydeep.optimizers.Adam(1e-3), "mse")
    return time_epochs(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def bench_torch(x, y, args):
    import torch

    torch.set_num_threads(args.threads)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(x.shape[2], args.units, batch_first=True)
            self.head = torch.nn.Linear(args.units, 1)

        def forward(self, inp):
            _, (h, _) = self.lstm(inp)
            return self.head(h[-1])

    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    n, bs = len(x), args.batch_size

    def epoch():
        perm = torch.randperm(n)
        for i in range(0, n, bs):
            idx = perm[i:i + bs]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(tx[idx]), ty[idx])
            loss.backward()
            opt.step()

    return time_epochs(epoch, args.epochs)


def bench_keras(x, y, args):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    import torch

    torch.set_num_threads(args.threads)
    model = keras.Sequential([keras.Input(x.shape[1:]), keras.layers.LSTM(args.units),
                              keras.layers.Dense(1)])
    model.compile(keras.optimizers.Adam(1e-3), "mse")
    return time_epochs(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def main():
    args = parse()
    x, y = data(args.samples)
    rows = [("pydeep", bench_pydeep(x, y, args)),
            ("PyTorch (nn.LSTM, nn.Module loop)", bench_torch(x, y, args))]
    if not args.no_keras:
        try:
            rows.append(("Keras 3 (torch backend)", bench_keras(x, y, args)))
        except ImportError:
            pass
    base = rows[0][1]
    print(f"\nLSTM({args.units}) on 50x32 sequences, {args.samples} samples, batch "
          f"{args.batch_size}, Adam, MSE, {args.threads} thread(s); median of {args.epochs} "
          "epochs")
    print("| library | epoch (s) | samples/s | pydeep speed-up |")
    print("| --- | ---: | ---: | ---: |")
    for name, t in rows:
        print(f"| {name} | {t:.3f} | {args.samples / t:,.0f} | {t / base:.2f}x |")


if __name__ == "__main__":
    main()

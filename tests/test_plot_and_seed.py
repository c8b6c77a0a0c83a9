"""pydeep.utils.plot_history (optional matplotlib) and set_random_seed's
promise: a full fit with Dropout, shuffling and random initialisation is
bit-for-bit reproducible."""
import builtins
import sys

import numpy as np
import pytest

import pydeep
from pydeep import layers


def small_history():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)
    model = pydeep.Sequential([pydeep.Input((3,)), layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return model.fit(x, y, epochs=3, validation_split=0.25, verbose=0)


def test_plot_history_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    history = small_history()
    path = tmp_path / "curves.png"
    assert pydeep.utils.plot_history(history, path) == str(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000
    assert [p.name for p in tmp_path.iterdir()] == ["curves.png"]   # no temporary left
    pydeep.utils.plot_history(history.history, path)                # a dict works too
    with pytest.raises(ValueError, match="plot_history: expected a History"):
        pydeep.utils.plot_history({}, path)


def test_plot_history_without_matplotlib_names_the_extra(tmp_path, monkeypatch):
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(ImportError, match=r'pip install "pydeep\[plot\]"'):
        pydeep.utils.plot_history({"loss": [1.0, 0.5]}, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def seeded_run(seed):
    pydeep.utils.set_random_seed(seed)
    x = np.random.normal(size=(96, 6)).astype(np.float32)   # numpy is seeded too
    y = (x[:, :2].sum(axis=1, keepdims=True) > 0).astype(np.float32)
    model = pydeep.Sequential([pydeep.Input((6,)), layers.Dense(16, activation="relu"),
                               layers.Dropout(0.3), layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy")
    history = model.fit(x, y, batch_size=16, epochs=3, shuffle=True, verbose=0)
    return model.get_weights(), history.history["loss"]


def test_same_seed_same_run_bit_for_bit():
    w1, loss1 = seeded_run(7)
    w2, loss2 = seeded_run(7)
    assert loss1 == loss2
    for a, b in zip(w1, w2):
        np.testing.assert_array_equal(a, b)
    w3, loss3 = seeded_run(8)
    assert loss3 != loss1
    assert not np.array_equal(w1[0], w3[0])


def test_seed_covers_dropout_and_shuffling_not_only_init():
    # Same data and initial weights: only the dropout masks and batch order can differ.
    def run(seed):
        pydeep.utils.set_random_seed(0)
        x = np.random.normal(size=(64, 4)).astype(np.float32)
        y = np.random.normal(size=(64, 1)).astype(np.float32)
        model = pydeep.Sequential([pydeep.Input((4,)), layers.Dense(8), layers.Dropout(0.5),
                                   layers.Dense(1)])
        model.compile(pydeep.optimizers.SGD(0.01), "mse")
        pydeep.utils.set_random_seed(seed)
        model.fit(x, y, batch_size=8, epochs=2, verbose=0)
        return model.get_weights()[0]

    np.testing.assert_array_equal(run(1), run(1))
    assert not np.array_equal(run(1), run(2))

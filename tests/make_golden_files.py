"""Writes the golden model files of format version 1 into tests/data:

    PYTHONPATH=. python tests/make_golden_files.py [out_dir]

A small functional model (two inputs, Dense/Concatenate/Add, two outputs)
with weights set from fixed formulas (no random initialisation), compiled
with Adam whose state is also set by formula, so the files' contents depend
on nothing but this script. tests/test_saving_files.py loads the checked-in
files and compares them with a fresh run. Keep the old files when the
format changes: they prove old files keep loading.
"""
import pathlib
import sys

import numpy as np

import pydeep
from pydeep import layers

ITERATIONS = 7


def build_model():
    a = pydeep.Input((4,), name="a")
    b = pydeep.Input((3,), name="b")
    h = layers.Dense(5, activation="tanh", name="h")(layers.Concatenate(name="cat")([a, b]))
    g = layers.Dense(5, name="g")(a)
    s = layers.Add(name="sum")([h, g])
    y0 = layers.Dense(2, activation="softmax", name="probs")(s)
    y1 = layers.Dense(1, name="value")(s)
    model = pydeep.Model([a, b], [y0, y1], name="golden")
    weights = []
    for i, w in enumerate(model.get_weights()):
        k = np.arange(w.size, dtype=np.float64).reshape(w.shape)
        weights.append((np.sin(k * 0.7 + i) * 0.5).astype("float32"))
    model.set_weights(weights)
    return model


def reference_outputs(weights, x):
    """The model's math in float64 numpy (an independent reference)."""
    a, b = x
    hk, hb, gk, gb, pk, pb, vk, vb = [np.asarray(w, np.float64) for w in weights]
    h = np.tanh(np.concatenate([a, b], axis=1) @ hk + hb)
    s = h + a @ gk + gb
    z = s @ pk + pb
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return [e / e.sum(axis=1, keepdims=True), s @ vk + vb]


def compiled_model():
    model = build_model()
    model.compile(optimizer=pydeep.optimizers.Adam(0.01, name="adam"), loss=["sparse_categorical_crossentropy",
                  "mse"], metrics=[["accuracy"], ["mae"]])
    model.optimizer.build(model.trainable_weights)
    state = [np.array(ITERATIONS, "int64"), np.array(0.01, "float32")]
    for i, v in enumerate(model.optimizer.variables[2:]):
        k = np.arange(int(np.prod(v.shape)), dtype=np.float64).reshape(tuple(v.shape))
        state.append((np.cos(k + i) ** 2 * 0.01).astype("float32"))
    model.optimizer.set_weights(state)
    return model


def inputs():
    k = np.arange(12, dtype=np.float64)
    return [np.sin(k[:12]).reshape(3, 4).astype("float32"),
            np.cos(k[:9]).reshape(3, 3).astype("float32")]


def write_all(out_dir):
    out = pathlib.Path(out_dir)
    model = compiled_model()
    model.save(out / "golden_v1_model.pydeep")
    model.save_weights(out / "golden_v1.weights.pydeep")
    x = inputs()
    y = model.predict(x, verbose=0)
    np.savez(out / "golden_v1_expected.npz", a=x[0], b=x[1], y0=y[0], y1=y[1])


if __name__ == "__main__":
    write_all(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent / "data")

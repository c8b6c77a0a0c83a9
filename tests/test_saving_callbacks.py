"""ModelCheckpoint (file names, best-only, weights-only, batch frequency) and
BackupAndRestore (an interrupted fit resumes at the epoch it reached and ends
with the weights of an uninterrupted run)."""
import os

import numpy as np
import pytest

import pydeep
from pydeep.callbacks import BackupAndRestore, Callback, ModelCheckpoint


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 5)).astype("float32")
    return x, (x[:, :1] * 2 - x[:, 1:2]).astype("float32")


def _model(seed=1):
    pydeep.utils.set_random_seed(seed)
    model = pydeep.Sequential([pydeep.Input((5,)), pydeep.layers.Dense(8, activation="relu"),
                               pydeep.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model


class ValLossSequence(Callback):
    """Replaces val_loss with a scripted sequence (to test best-only)."""

    def __init__(self, values):
        super().__init__()
        self.values = values

    def on_epoch_end(self, epoch, logs=None):
        logs["val_loss"] = self.values[epoch]


def test_checkpoint_names_every_epoch(tmp_path):
    x, y = _data()
    model = _model()
    pattern = str(tmp_path / "ckpt" / "m-{epoch:02d}-{loss:.2f}.pydeep")
    model.fit(x, y, epochs=3, verbose=0, callbacks=[ModelCheckpoint(pattern, monitor="loss")])
    files = sorted(os.listdir(tmp_path / "ckpt"))
    assert [f[:4] for f in files] == ["m-01", "m-02", "m-03"]
    last = pydeep.models.load_model(tmp_path / "ckpt" / files[-1])
    np.testing.assert_array_equal(last.predict(x, verbose=0), model.predict(x, verbose=0))


def test_checkpoint_best_only_and_threshold(tmp_path):
    x, y = _data()
    model = _model()
    path = str(tmp_path / "best-{epoch}.pydeep")
    # Order matters: the scripted values are in the logs when the checkpoint reads them.
    cbs = [ValLossSequence([5.0, 4.0, 4.5, 3.0, 3.5]),
           ModelCheckpoint(path, monitor="val_loss", save_best_only=True)]
    model.fit(x, y, epochs=5, verbose=0, callbacks=cbs)
    assert sorted(os.listdir(tmp_path)) == ["best-1.pydeep", "best-2.pydeep", "best-4.pydeep"]
    for f in os.listdir(tmp_path):
        os.remove(tmp_path / f)
    cbs = [ValLossSequence([5.0, 4.0, 4.5, 3.0, 3.5]),
           ModelCheckpoint(path, save_best_only=True, initial_value_threshold=3.5)]
    model.fit(x, y, epochs=5, verbose=0, callbacks=cbs)
    assert os.listdir(tmp_path) == ["best-4.pydeep"]


def test_checkpoint_mode_auto_follows_the_metric(tmp_path):
    x, y = _data()
    model = _model()
    labels = (y[:, 0] > 0).astype("int32")
    clf = pydeep.Sequential([pydeep.Input((5,)), pydeep.layers.Dense(2, activation="softmax")])
    clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    ck = ModelCheckpoint(str(tmp_path / "c.pydeep"), monitor="accuracy", save_best_only=True)
    clf.fit(x, labels, epochs=2, verbose=0, callbacks=[ck])
    assert ck.monitor_op(2.0, 1.0)  # accuracy: larger is better
    ck2 = ModelCheckpoint(str(tmp_path / "c.pydeep"), monitor="mae", save_best_only=True)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[ck2])
    assert ck2.monitor_op(1.0, 2.0)  # an error: smaller is better


def test_checkpoint_weights_only_and_batch_frequency(tmp_path):
    x, y = _data()
    model = _model()
    path = str(tmp_path / "w-{epoch}-{batch}.weights.pydeep")
    model.fit(x, y, epochs=2, batch_size=32, verbose=0,
              callbacks=[ModelCheckpoint(path, save_weights_only=True, save_freq=2)])
    # 3 batches per epoch, a save every 2 batches: after batch 2, 4 (epoch 2's 1st), 6.
    assert sorted(os.listdir(tmp_path)) == ["w-1-2.weights.pydeep", "w-2-1.weights.pydeep",
                                            "w-2-3.weights.pydeep"]
    other = _model(seed=9)
    other.load_weights(tmp_path / "w-2-3.weights.pydeep")
    np.testing.assert_array_equal(other.predict(x, verbose=0), model.predict(x, verbose=0))


def test_checkpoint_argument_errors(tmp_path):
    with pytest.raises(ValueError, match=r"\.pydeep"):
        ModelCheckpoint(str(tmp_path / "m.keras"))
    with pytest.raises(ValueError, match=r"\.weights\.pydeep"):
        ModelCheckpoint(str(tmp_path / "m.pydeep"), save_weights_only=True)
    with pytest.raises(ValueError, match="save_freq"):
        ModelCheckpoint(str(tmp_path / "m.pydeep"), save_freq="often")
    x, y = _data()
    with pytest.raises(KeyError, match="Failed to format"):
        _model().fit(x, y, epochs=1, verbose=0,
                     callbacks=[ModelCheckpoint(str(tmp_path / "{nope}.pydeep"))])


class Interrupt(Callback):
    def __init__(self, at_epoch):
        super().__init__()
        self.at_epoch = at_epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.at_epoch:
            raise RuntimeError(f"interrupted at epoch {epoch}")


@pytest.mark.parametrize("shuffle", [False, True])
def test_backup_and_restore_resumes_exactly(tmp_path, shuffle):
    x, y = _data()
    reference = _model()
    pydeep.utils.set_random_seed(7)
    reference.fit(x, y, epochs=6, batch_size=16, shuffle=shuffle, verbose=0)

    backup = BackupAndRestore(str(tmp_path / "backup"))
    model = _model()
    pydeep.utils.set_random_seed(7)
    with pytest.raises(RuntimeError, match="epoch 3"):
        model.fit(x, y, epochs=6, batch_size=16, shuffle=shuffle, verbose=0,
                  callbacks=[backup, Interrupt(3)])
    assert os.listdir(tmp_path / "backup") == ["latest.weights.pydeep"]

    resumed = _model(seed=5)  # a fresh process would start from other weights
    # The shuffle stream of epochs 0-2 was consumed by the first run: replay it.
    pydeep.utils.set_random_seed(7)
    if shuffle:
        for _ in range(3):  # one permutation seed per epoch
            pydeep._core.draw_seed()
    history = resumed.fit(x, y, epochs=6, batch_size=16, shuffle=shuffle, verbose=0,
                          callbacks=[backup])
    assert len(history.history["loss"]) == 3  # epochs 3, 4, 5
    for a, b in zip(resumed.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert resumed.optimizer.iterations == reference.optimizer.iterations
    assert not os.path.exists(tmp_path / "backup")  # deleted after a completed fit


def test_backup_double_checkpoint_falls_back(tmp_path):
    x, y = _data()
    backup = BackupAndRestore(str(tmp_path / "b"), double_checkpoint=True,
                              delete_checkpoint=False)
    model = _model()
    with pytest.raises(RuntimeError):
        model.fit(x, y, epochs=5, verbose=0, callbacks=[backup, Interrupt(3)])
    latest = tmp_path / "b" / "latest.weights.pydeep"
    assert sorted(os.listdir(tmp_path / "b")) == ["latest.weights.pydeep",
                                                 "latest.weights.pydeep.bkp"]
    latest.write_bytes(latest.read_bytes()[:100])  # damaged
    history = _model().fit(x, y, epochs=5, verbose=0, callbacks=[backup])
    assert len(history.history["loss"]) == 3  # resumed from the previous backup (epoch 2)
    with pytest.raises(ValueError, match="backup_dir"):
        BackupAndRestore("")

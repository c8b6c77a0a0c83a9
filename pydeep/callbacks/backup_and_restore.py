"""``BackupAndRestore``: resume a ``fit`` that was interrupted (Keras 3's
``keras.callbacks.BackupAndRestore``).

At the end of every epoch (or every ``save_freq`` batches) the callback
writes the training state — weights, optimizer state and the epoch reached —
to ONE file in ``backup_dir``, atomically, so a crash never leaves a
half-written or inconsistent backup. A later ``fit`` with the same callback
restores that state and starts at the saved epoch; with the same data,
``shuffle=False`` (or a seeded shuffle) it ends with the same weights as an
uninterrupted run. When ``fit`` completes, the backup is deleted
(``delete_checkpoint=True``).
"""
import json
import os
import shutil

from .. import _core
from .callback import Callback

_STATE_KEY = "training_state"


class BackupAndRestore(Callback):
    """``backup_dir``: a folder used only by this callback. ``save_freq``:
    "epoch" or an integer number of batches (a resumed run restarts at the
    beginning of the epoch it was in, as in Keras). ``double_checkpoint``:
    also keep the previous backup and fall back to it when the latest cannot
    be read. ``delete_checkpoint``: delete the backup when training ends."""

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False,
                 delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int)
                                     or save_freq <= 0):
            raise ValueError(f"Invalid value for argument `save_freq`. Received: "
                             f"save_freq={save_freq}. Expected either 'epoch' or a positive "
                             "integer value.")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = bool(double_checkpoint)
        self.delete_checkpoint = bool(delete_checkpoint)
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.pydeep")
        self._prev_weights_path = self._weights_path + ".bkp"
        self._current_epoch = 0
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0

    @property
    def batch_event_interval(self):
        return None if self.save_freq != "epoch" else -1

    # The trainer calls this before the C++ loop starts, so that the loop
    # begins at the restored epoch (Keras sets model._initial_epoch in
    # on_train_begin, which is too late for a loop that already runs).
    def _resume_epoch(self, model):
        self.model = model
        for path in (self._weights_path, self._prev_weights_path):
            if not os.path.exists(path):
                continue
            try:
                file = _core.read_model_file(path)
            except (OSError, ValueError):
                if self.double_checkpoint and path == self._weights_path and \
                        os.path.exists(self._prev_weights_path):
                    continue  # the latest backup is damaged: use the previous one
                raise
            _core.assign_weights(model._native, file)
            if getattr(model, "compiled", False) and model._native.compiled:
                _core.assign_optimizer_state(model._native, file)
            state = json.loads(file.metadata.get(_STATE_KEY, "{}"))
            self._current_epoch = int(state.get("epoch", 0))
            return self._current_epoch
        return 0

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save()

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        added = batch + 1 if batch <= self._last_batch_seen else batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            self._save(batch)

    def _save(self, batch=None):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            # Copy, then rename: the latest backup stays valid throughout.
            temp = self._prev_weights_path + ".tmp"
            shutil.copyfile(self._weights_path, temp)
            os.replace(temp, self._prev_weights_path)
        state = {"epoch": self._current_epoch, "batch": -1 if batch is None else int(batch)}
        _core.save_weights(self.model._native, self._weights_path, [(_STATE_KEY, json.dumps(state))])

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)

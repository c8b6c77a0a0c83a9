"""``ProgbarLogger``: a tqdm progress bar per epoch (verbose=1) or one line per
epoch (verbose=2). Bar updates are throttled so they cost nothing measurable."""
import sys
import time

from .callback import Callback


def _format(logs):
    return " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())


class ProgbarLogger(Callback):
    def __init__(self, count_mode="samples", stateful_metrics=None, verbose=1):
        super().__init__()
        if count_mode not in ("samples", "steps"):
            raise ValueError(f"Unknown `count_mode`: {count_mode}")
        self.verbose = verbose
        self._bar = None
        self._last_step = 0
        self._epoch_start = 0.0
        # Only the bar needs batch events, at most ten per second.
        self.batch_event_interval = 0.1 if verbose == 1 else -1.0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.perf_counter()
        epochs = self.params.get("epochs", 1)
        if self.verbose == 1:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=self.params.get("steps"), desc=f"Epoch {epoch + 1}/{epochs}",
                             unit="step", file=sys.stdout, leave=True, dynamic_ncols=True)
            self._last_step = 0
        elif self.verbose == 2:
            print(f"Epoch {epoch + 1}/{epochs}", file=sys.stdout)

    def on_train_batch_end(self, batch, logs=None):
        if self._bar is not None:
            self._bar.update(batch + 1 - self._last_step)
            self._last_step = batch + 1
            self._bar.set_postfix_str(_format(logs or {}), refresh=False)

    def on_epoch_end(self, epoch, logs=None):
        elapsed = time.perf_counter() - self._epoch_start
        if self._bar is not None:
            self._bar.set_postfix_str(_format(logs or {}))
            self._bar.close()
            self._bar = None
        elif self.verbose == 2:
            steps = self.params.get("steps") or 1
            print(f"{steps}/{steps} - {elapsed:.0f}s - {_format(logs or {})}", file=sys.stdout)

"""``LearningRateScheduler``: sets the learning rate at each epoch start."""
import numpy as np

from .callback import Callback


class LearningRateScheduler(Callback):
    """Keras 3's ``LearningRateScheduler``: at the start of each epoch,
    ``model.optimizer.learning_rate = schedule(epoch, lr)`` (the older
    ``schedule(epoch)`` form is accepted too, as in Keras). The schedule
    must return a float (ValueError otherwise). The rate in force is written
    to ``logs["learning_rate"]`` at each epoch end.
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def _update_lr(self, optimizer, epoch):
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            lr = self.schedule(epoch, float(optimizer.learning_rate))
        except TypeError:  # the old API: schedule(epoch)
            lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {lr}")
        optimizer.learning_rate = lr
        return lr

    def on_epoch_begin(self, epoch, logs=None):
        lr = self._update_lr(self.model.optimizer, epoch)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.learning_rate)

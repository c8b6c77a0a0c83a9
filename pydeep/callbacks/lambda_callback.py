"""``LambdaCallback``: a callback made of plain functions."""
from .callback import Callback


class LambdaCallback(Callback):
    """Keras 3's ``LambdaCallback``: each given function replaces its hook
    (``on_epoch_begin(epoch, logs)``, ``on_epoch_end(epoch, logs)``,
    ``on_train_begin(logs)``, ``on_train_end(logs)``,
    ``on_train_batch_begin(batch, logs)``, ``on_train_batch_end(batch,
    logs)``); further keyword arguments become attributes, so any other
    hook (``on_test_end=...``, ``on_batch_end=...``) can be given too. Batch
    functions are called every batch; without them the loop makes no
    per-batch call."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
                 on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None,
                 **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        for name, fn in (("on_epoch_begin", on_epoch_begin), ("on_epoch_end", on_epoch_end),
                         ("on_train_begin", on_train_begin), ("on_train_end", on_train_end),
                         ("on_train_batch_begin", on_train_batch_begin),
                         ("on_train_batch_end", on_train_batch_end)):
            if fn is not None:
                setattr(self, name, fn)

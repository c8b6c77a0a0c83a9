"""``pydeep.utils.PyDataset``: batches made by Python code (Keras 3's PyDataset)."""


class PyDataset:
    """Base class for data sets that build each batch in Python.

    Subclasses implement ``__getitem__(index)`` returning one batch —
    ``x``, ``(x, y)`` or ``(x, y, sample_weight)`` — and ``__len__`` (the
    number of batches) or the ``num_batches`` property (``None`` for an
    infinite data set). ``fit(dataset)`` calls ``on_epoch_begin`` /
    ``on_epoch_end`` around each epoch and shuffles the batch order when
    ``shuffle=True`` (finite data sets only).

    ``workers > 1`` builds up to ``max_queue_size`` batches ahead on that many
    threads; ``use_multiprocessing=True`` is not supported (NotImplementedError
    when fit starts).
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        if int(workers) < 1:
            raise ValueError(f"PyDataset: workers must be >= 1; received workers={workers}")
        self._workers = int(workers)
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = int(max_queue_size)

    @property
    def workers(self):
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value):
        self._workers = int(value)

    @property
    def use_multiprocessing(self):
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = bool(value)

    @property
    def max_queue_size(self):
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = int(value)

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__(index)")

    @property
    def num_batches(self):
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(f"{type(self).__name__} must implement __len__ or the "
                                  "num_batches property (None for an infinite data set)")

    def __iter__(self):
        count = self.num_batches
        index = 0
        while count is None or index < count:
            yield self[index]
            index += 1

    def on_epoch_begin(self):
        """Called at the start of every epoch."""

    def on_epoch_end(self):
        """Called at the end of every epoch."""

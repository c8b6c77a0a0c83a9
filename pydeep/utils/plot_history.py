"""``pydeep.utils.plot_history``: loss and metric curves of a training run."""
import os
import tempfile


def _import_matplotlib():
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError as e:
        raise ImportError('plot_history needs matplotlib, an optional dependency of pydeep: '
                          'pip install "pydeep[plot]" (or pip install matplotlib)') from e
    return Figure, FigureCanvasAgg, MaxNLocator


def plot_history(history, path, title=None):
    """Writes a PNG of the curves in `history` to `path`.

    `history` is what ``fit`` returns (a ``History``) or its ``.history``
    dict. One panel per quantity, with the training values and their
    ``val_`` counterpart on the same axes, against the epoch. The file is
    written atomically (a temporary file in the same folder, then
    ``os.replace``), so a reader never sees half a PNG. Returns `path`.

    Raises ImportError naming ``pip install "pydeep[plot]"`` without
    matplotlib, and ValueError when there is nothing to plot.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not any(len(v) for v in logs.values()):
        raise ValueError("plot_history: expected a History (as returned by fit) or its "
                         f"`history` dict with at least one value; received {history!r}")
    epochs = list(getattr(history, "epoch", []) or [])
    names = [k for k in logs if not k.startswith("val_")]
    names += [k[4:] for k in logs if k.startswith("val_") and k[4:] not in logs]
    Figure, FigureCanvasAgg, MaxNLocator = _import_matplotlib()

    fig = Figure(figsize=(5.0 * len(names), 3.6), dpi=100)
    FigureCanvasAgg(fig)
    for i, name in enumerate(names):
        ax = fig.add_subplot(1, len(names), i + 1)
        for key, label in ((name, "train"), ("val_" + name, "validation")):
            values = logs.get(key)
            if values:
                xs = epochs if len(epochs) == len(values) else range(len(values))
                ax.plot([e + 1 for e in xs], [float(v) for v in values], marker="o",
                        markersize=3, label=label)
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()

    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".plot_history.", suffix=".png", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            fig.savefig(f, format="png")
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a plot is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path

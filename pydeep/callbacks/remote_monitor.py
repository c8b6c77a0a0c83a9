"""``RemoteMonitor``: not provided by pydeep."""
from .callback import Callback


class RemoteMonitor(Callback):
    """Keras's ``RemoteMonitor`` streams epoch logs to an HTTP server. pydeep
    does not provide it: constructing one raises NotImplementedError (use a
    ``LambdaCallback`` whose ``on_epoch_end`` posts the logs instead)."""

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data",
                 headers=None, send_as_json=False):
        raise NotImplementedError(
            "RemoteMonitor is not supported by pydeep; use a LambdaCallback whose on_epoch_end "
            "sends the logs (for example with the `requests` library) instead.")

"""``TerminateOnNaN``: stops training at the first NaN or infinite loss."""
import numpy as np

from .callback import Callback


class TerminateOnNaN(Callback):
    """Keras 3's ``TerminateOnNaN(raise_error=False)``: after each training
    batch, a NaN or infinite ``loss`` sets ``model.stop_training`` (training
    ends after that batch, with the usual end-of-training hooks) or, with
    ``raise_error=True``, raises RuntimeError at once."""

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            if self.raise_error:
                raise RuntimeError(f"NaN or Inf loss encountered at batch {batch}. Loss value: "
                                   f"{loss}. Terminating training immediately.")
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True

"""``SGD`` (Keras 3's ``keras.optimizers.SGD``)."""
import numbers

from .optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with optional (Nesterov) momentum (Keras 3's ``SGD``).

    ``m = momentum * m - learning_rate * g``; then ``w += m``, or with
    ``nesterov=True`` ``w += momentum * m - learning_rate * g``; with
    ``momentum=0`` (no slot), ``w -= learning_rate * g``. ``momentum`` is a
    float in [0, 1]. Slots: ``<var>_momentum`` (when momentum != 0).
    The common arguments are the base class's (``Optimizer``).
    """

    _identifier = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real):
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: "
                             f"momentum={momentum!r}")
        self._make_native(momentum=float(momentum), nesterov=bool(nesterov))

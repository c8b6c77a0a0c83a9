"""``Adafactor`` (Keras 3's ``keras.optimizers.Adafactor``)."""
from .optimizer import Optimizer


class Adafactor(Optimizer):
    """Adafactor (Keras 3's ``Adafactor``), at step ``t = iterations + 1``, with
    ``G = g**2 + epsilon_1``:

    ``lr = min(lr, 1 / sqrt(t))`` when ``relative_step`` and the learning
    rate is not a schedule; ``alpha = max(epsilon_2, rms(w)) * min(lr, 1 / sqrt(t))``;
    ``beta = 1 - t**beta_2_decay``. For a variable of rank >= 2 the second
    moment is factored over its last two axes:
    ``r = beta * r + (1 - beta) * mean(G, axis=-1)``,
    ``c = beta * c + (1 - beta) * mean(G, axis=-2)``,
    ``v = (r / mean(r, axis=-1))[..., None] * c[..., None, :]``; otherwise
    ``v = beta * v + (1 - beta) * G``. Then ``u = g / sqrt(v)`` and
    ``w -= alpha * u / max(1, rms(u) / clip_threshold)``.
    Slots per variable: ``r``, ``c`` (named like the variable; unused int32
    scalars for rank < 2, as in Keras) and ``<var>_velocity``. The common
    arguments are the base class's (``Optimizer``).
    """

    _identifier = "adafactor"

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
                 clip_threshold=1.0, relative_step=True,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(beta_2_decay=float(beta_2_decay), epsilon_1=float(epsilon_1),
                          epsilon_2=float(epsilon_2), clip_threshold=float(clip_threshold),
                          relative_step=bool(relative_step))

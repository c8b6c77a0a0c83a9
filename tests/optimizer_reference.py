"""Keras 3's optimizer update rules in float64 numpy, written from the
published rules (keras/src/optimizers/*.py and base_optimizer.py): the
independent reference of tests/test_optimizers_rules.py and
tests/test_schedules.py. Not pydeep code: nothing here calls pydeep."""
import math

import numpy as np

# Keras's defaults of each optimizer's own arguments.
DEFAULTS = {
    "sgd": dict(learning_rate=0.01, momentum=0.0, nesterov=False),
    "adam": dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False),
    "adamw": dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                  weight_decay=0.004),
    "adamax": dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
    "nadam": dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
    "rmsprop": dict(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False),
    "adagrad": dict(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7),
    "adadelta": dict(learning_rate=0.001, rho=0.95, epsilon=1e-7),
    "adafactor": dict(learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
                      clip_threshold=1.0, relative_step=True),
    "lion": dict(learning_rate=0.001, beta_1=0.9, beta_2=0.99),
    "ftrl": dict(learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0),
}


def schedule_value(class_name, config, step):
    """Keras's built-in learning-rate schedules, in float64."""
    c = dict(config)
    if class_name == "ExponentialDecay":
        p = step / c["decay_steps"]
        if c.get("staircase"):
            p = math.floor(p)
        return c["initial_learning_rate"] * c["decay_rate"] ** p
    if class_name == "InverseTimeDecay":
        p = step / c["decay_steps"]
        if c.get("staircase"):
            p = math.floor(p)
        return c["initial_learning_rate"] / (1 + c["decay_rate"] * p)
    if class_name == "PiecewiseConstantDecay":
        for boundary, value in zip(c["boundaries"], c["values"]):
            if step <= boundary:
                return value
        return c["values"][-1]
    if class_name == "PolynomialDecay":
        d = c["decay_steps"]
        end, power = c.get("end_learning_rate", 0.0001), c.get("power", 1.0)
        if c.get("cycle"):
            d = d * (1 if step == 0 else math.ceil(step / d))
        else:
            step = min(step, d)
        return (c["initial_learning_rate"] - end) * (1 - step / d) ** power + end
    if class_name == "CosineDecay":
        lr0, d, alpha = c["initial_learning_rate"], c["decay_steps"], c.get("alpha", 0.0)
        target, warmup = c.get("warmup_target"), c.get("warmup_steps", 0)

        def decay(s, start):
            return start * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / d)) + alpha)
        if target is None:
            return decay(min(step, d), lr0)
        step = min(step, d + warmup)
        if step < warmup:
            return lr0 + (target - lr0) * step / warmup
        return decay(step - warmup, target)
    if class_name == "CosineDecayRestarts":
        lr0, first = c["initial_learning_rate"], c["first_decay_steps"]
        t_mul, m_mul, alpha = c.get("t_mul", 2.0), c.get("m_mul", 1.0), c.get("alpha", 0.0)
        # Walk the periods: period i lasts first * t_mul**i steps.
        start, length, i = 0.0, float(first), 0
        while step >= start + length:
            start, length, i = start + length, length * t_mul, i + 1
        fraction = (step - start) / length
        return lr0 * ((1 - alpha) * 0.5 * m_mul ** i * (1 + math.cos(math.pi * fraction)) + alpha)
    raise ValueError(class_name)


class Reference:
    """One Keras optimizer in float64: ``step(ws, gs)`` updates the arrays
    ``ws`` in place from ``gs`` (None skips a variable), as one
    ``apply_gradients`` call. ``schedule`` is (class_name, config) or a
    function of the step."""

    def __init__(self, kind, schedule=None, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, gradient_accumulation_steps=None, **own):
        self.kind = kind
        self.h = {**DEFAULTS[kind], **own}
        if kind == "adamw" and weight_decay is None:
            weight_decay = self.h["weight_decay"]
        self.h.pop("weight_decay", None)
        self.schedule = schedule
        self.wd, self.clipnorm, self.clipvalue, self.gclip = (weight_decay, clipnorm, clipvalue,
                                                              global_clipnorm)
        self.use_ema, self.ema_momentum, self.ema_freq = use_ema, ema_momentum, \
            ema_overwrite_frequency
        self.n = gradient_accumulation_steps
        self.raw, self.slots, self.u_product = 0, None, 1.0

    def learning_rate(self):
        if self.schedule is None:
            return self.h["learning_rate"]
        if callable(self.schedule):
            return self.schedule(self.raw)
        return schedule_value(*self.schedule, self.raw)

    def _build(self, ws):
        init = self.h.get("initial_accumulator_value", 0.0)
        self.slots = []
        for w in ws:
            s = {k: np.zeros_like(w) for k in ("m", "v", "h", "avg_g", "mom", "linear", "acc_g")}
            s["acc"] = np.full_like(w, init)
            s["avg"] = w.copy()
            if w.ndim >= 2:
                s["r"], s["c"] = np.zeros(w.shape[:-1]), np.zeros(w.shape[:-2] + w.shape[-1:])
            self.slots.append(s)

    def step(self, ws, gs):
        if self.slots is None:
            self._build(ws)
        n = self.n or 1
        iterations = self.raw // n
        update = (self.raw + 1) % n == 0
        if self.n:
            new = []
            for g, s in zip(gs, self.slots):
                if g is None:
                    new.append(None)
                elif update:
                    new.append((g + s["acc_g"]) / self.n)
                else:
                    s["acc_g"] += g
                    new.append(None)
            gs = new
        if update:
            self._update(ws, gs, self.learning_rate(), iterations + 1)
            if self.n:
                for s in self.slots:
                    s["acc_g"][...] = 0
        if self.use_ema:
            m = 0.0 if iterations == 0 else self.ema_momentum
            for w, s in zip(ws, self.slots):
                s["avg"] = m * s["avg"] + (1 - m) * w
            if self.ema_freq and (iterations + 1) % self.ema_freq == 0:
                for w, s in zip(ws, self.slots):
                    w[...] = s["avg"]
        self.raw += 1

    def _update(self, ws, gs, lr, t):
        live = [g for g in gs if g is not None]
        if self.gclip:
            norm = np.sqrt(sum(np.sum(g * g) for g in live))
            gs = [None if g is None else g * (self.gclip * min(1 / norm, 1 / self.gclip))
                  for g in gs]
        if self.kind == "nadam":
            b1 = self.h["beta_1"]
            self.u_t = b1 * (1 - 0.5 * 0.96 ** t)
            self.u_next = b1 * (1 - 0.5 * 0.96 ** (t + 1))
            self.u_product *= self.u_t
        for w, g, s in zip(ws, gs, self.slots):
            if g is None:
                continue
            if self.clipnorm:
                g = g * self.clipnorm / max(np.sqrt(np.sum(g * g)), self.clipnorm)
            if self.clipvalue:
                g = np.clip(g, -self.clipvalue, self.clipvalue)
            if self.wd is not None:
                w -= w * self.wd * lr
            getattr(self, "_" + self.kind)(w, g, s, lr, t)

    def _sgd(self, w, g, s, lr, t):
        mu = self.h["momentum"]
        if mu:
            s["m"][...] = mu * s["m"] - lr * g
            w += mu * s["m"] - lr * g if self.h["nesterov"] else s["m"]
        else:
            w -= lr * g

    def _adam(self, w, g, s, lr, t):
        b1, b2 = self.h["beta_1"], self.h["beta_2"]
        alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        s["m"] += (g - s["m"]) * (1 - b1)
        s["v"] += (g * g - s["v"]) * (1 - b2)
        v = s["v"]
        if self.h["amsgrad"]:
            s["h"][...] = np.maximum(s["h"], s["v"])
            v = s["h"]
        w -= alpha * s["m"] / (np.sqrt(v) + self.h["epsilon"])

    _adamw = _adam

    def _adamax(self, w, g, s, lr, t):
        b1, b2 = self.h["beta_1"], self.h["beta_2"]
        s["m"] += (g - s["m"]) * (1 - b1)
        s["v"][...] = np.maximum(b2 * s["v"], np.abs(g))
        w -= lr * s["m"] / ((1 - b1 ** t) * (s["v"] + self.h["epsilon"]))

    def _nadam(self, w, g, s, lr, t):
        b1, b2 = self.h["beta_1"], self.h["beta_2"]
        s["m"] += (g - s["m"]) * (1 - b1)
        s["v"] += (g * g - s["v"]) * (1 - b2)
        m_hat = (self.u_next * s["m"] / (1 - self.u_product * self.u_next)
                 + (1 - self.u_t) * g / (1 - self.u_product))
        v_hat = s["v"] / (1 - b2 ** t)
        w -= m_hat * lr / (np.sqrt(v_hat) + self.h["epsilon"])

    def _rmsprop(self, w, g, s, lr, t):
        rho, eps = self.h["rho"], self.h["epsilon"]
        s["v"][...] = rho * s["v"] + (1 - rho) * g * g
        if self.h["centered"]:
            s["avg_g"][...] = rho * s["avg_g"] + (1 - rho) * g
            d = s["v"] - s["avg_g"] ** 2 + eps
        else:
            d = s["v"] + eps
        increment = lr * g / np.sqrt(d)
        if self.h["momentum"] > 0:
            s["mom"][...] = self.h["momentum"] * s["mom"] + increment
            w -= s["mom"]
        else:
            w -= increment

    def _adagrad(self, w, g, s, lr, t):
        s["acc"] += g * g
        w -= lr * g / np.sqrt(s["acc"] + self.h["epsilon"])

    def _adadelta(self, w, g, s, lr, t):
        rho, eps = self.h["rho"], self.h["epsilon"]
        s["v"][...] = rho * s["v"] + (1 - rho) * g * g  # accumulated_grad
        delta = -np.sqrt(s["m"] + eps) * g / np.sqrt(s["v"] + eps)
        s["m"][...] = rho * s["m"] + (1 - rho) * delta * delta  # accumulated_delta_var
        w += lr * delta

    def _lion(self, w, g, s, lr, t):
        b1, b2 = self.h["beta_1"], self.h["beta_2"]
        c = s["m"] * b1 + g * (1 - b1)
        # Where c is within float32 rounding of 0, float32 and float64 may take
        # different signs (a step of 2 lr apart, never fed back into m): such
        # elements are marked, and tests compare the others.
        close = np.abs(c) <= 1e-5 * (np.abs(s["m"] * b1) + np.abs(g * (1 - b1)))
        s["ambiguous"] = s.get("ambiguous", np.zeros(w.shape, bool)) | close
        w -= lr * np.sign(c)
        s["m"][...] = s["m"] * b2 + g * (1 - b2)

    def _ftrl(self, w, g, s, lr, t):
        p = -self.h["learning_rate_power"]
        l1 = self.h["l1_regularization_strength"]
        l2 = self.h["l2_regularization_strength"] + self.h["beta"] / (2 * lr)
        new = s["acc"] + g * g
        s["linear"] += (g + 2 * self.h["l2_shrinkage_regularization_strength"] * w
                        - (new ** p - s["acc"] ** p) / lr * w)
        quadratic = new ** p / lr + 2 * l2
        w[...] = (np.clip(s["linear"], -l1, l1) - s["linear"]) / quadratic
        s["acc"][...] = new

    def _adafactor(self, w, g, s, lr, t):
        if self.schedule is None and self.h["relative_step"]:
            lr = min(lr, 1 / math.sqrt(t))
        rho_t = min(lr, 1 / math.sqrt(t))
        alpha = max(self.h["epsilon_2"], np.sqrt(np.mean(w * w))) * rho_t
        regulated = g * g + self.h["epsilon_1"]
        beta = 1 - t ** self.h["beta_2_decay"]
        if w.ndim >= 2:
            s["r"] = beta * s["r"] + (1 - beta) * regulated.mean(axis=-1)
            s["c"] = beta * s["c"] + (1 - beta) * regulated.mean(axis=-2)
            s["v"][...] = ((s["r"] / s["r"].mean(axis=-1, keepdims=True))[..., None]
                           * s["c"][..., None, :])
        else:
            s["v"][...] = beta * s["v"] + (1 - beta) * regulated
        u = g / np.sqrt(s["v"])
        w -= alpha * u / max(1.0, np.sqrt(np.mean(u * u)) / self.h["clip_threshold"])

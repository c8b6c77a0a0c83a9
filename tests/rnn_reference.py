"""Float64 numpy references for the recurrent layers, written step by step
from Keras 3's cell equations (keras/src/layers/rnn/*.py) and its backend
rnn loop's masking rule: a masked step keeps the states and repeats the
previous output (zeros before the first output, or always zeros with
zero_output_for_mask)."""
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def hard_sigmoid(x):
    return np.clip((x + 3.0) / 6.0, 0.0, 1.0)


ACTIVATIONS = {"tanh": np.tanh, "sigmoid": sigmoid, "relu": lambda x: np.maximum(x, 0),
               "linear": lambda x: x, None: lambda x: x, "hard_sigmoid": hard_sigmoid}


def cell_step(kind, x_t, states, weights, act, rec_act, reset_after=True):
    """One step of a cell: returns (output, new_states)."""
    a, ra = ACTIVATIONS[act], ACTIVATIONS[rec_act]
    kernel, rec = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else None
    h = states[0]
    if kind == "simple":
        z = x_t @ kernel + h @ rec + (0 if bias is None else bias)
        out = a(z)
        return out, [out]
    if kind == "lstm":
        u = rec.shape[0]
        z = x_t @ kernel + h @ rec + (0 if bias is None else bias)
        i, f, g, o = ra(z[:, :u]), ra(z[:, u:2 * u]), a(z[:, 2 * u:3 * u]), ra(z[:, 3 * u:])
        c = f * states[1] + i * g
        out = o * a(c)
        return out, [out, c]
    if kind == "gru":
        u = rec.shape[0]
        if bias is None:
            bi, br = 0.0, 0.0
        elif reset_after:
            bi, br = bias[0], bias[1]
        else:
            bi, br = bias, 0.0
        mx = x_t @ kernel + bi
        if reset_after:
            mi = h @ rec + br
            z = ra(mx[:, :u] + mi[:, :u])
            r = ra(mx[:, u:2 * u] + mi[:, u:2 * u])
            hh = a(mx[:, 2 * u:] + r * mi[:, 2 * u:])
        else:
            mi = h @ rec[:, :2 * u]
            z = ra(mx[:, :u] + mi[:, :u])
            r = ra(mx[:, u:2 * u] + mi[:, u:2 * u])
            hh = a(mx[:, 2 * u:] + (r * h) @ rec[:, 2 * u:])
        out = z * h + (1 - z) * hh
        return out, [out]
    raise ValueError(kind)


def rnn_reference(kind, x, weights, *, act="tanh", rec_act="sigmoid", reset_after=True,
                  return_sequences=False, return_state=False, go_backwards=False, mask=None,
                  initial_state=None, zero_output_for_mask=False):
    """The layer's outputs as a list: [output] (+ final states with return_state)."""
    x = np.asarray(x, np.float64)
    weights = [np.asarray(w, np.float64) for w in weights]
    b, t, _ = x.shape
    u = weights[1].shape[0]
    n_states = 2 if kind == "lstm" else 1
    states = ([np.asarray(s, np.float64) for s in initial_state] if initial_state is not None
              else [np.zeros((b, u)) for _ in range(n_states)])
    order = range(t - 1, -1, -1) if go_backwards else range(t)
    outputs, prev = [], np.zeros((b, u))
    for step in order:
        out, new = cell_step(kind, x[:, step], states, weights, act, rec_act, reset_after)
        if mask is not None:
            m = np.asarray(mask[:, step], bool)[:, None]
            out = np.where(m, out, 0.0 if zero_output_for_mask else prev)
            new = [np.where(m, n, s) for n, s in zip(new, states)]
        states, prev = new, out
        outputs.append(out)
    result = [np.stack(outputs, 1) if return_sequences else outputs[-1]]
    if return_state:
        result += states
    return result

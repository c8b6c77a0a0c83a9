"""Float64 numpy references for convolution and pooling (channels_last), written
from the definitions: a sum over kernel taps of strided input slices, a scatter
for the transposed convolution, explicit windows for pooling. Shared by the op
conformance table and the layer tests."""
import itertools

import numpy as np


def same_padding(size, kernel, stride, dilation=1):
    """Keras / TensorFlow "same": output ceil(size / stride); the odd pixel goes after."""
    span = dilation * (kernel - 1) + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def paddings(padding, spatial, kernel, strides, dilation):
    if padding == "valid":
        return [(0, 0)] * len(spatial)
    if padding == "causal":
        return [(dilation[0] * (kernel[0] - 1), 0)]
    return [same_padding(n, k, s, d) for n, k, s, d in zip(spatial, kernel, strides, dilation)]


def conv(x, kernel, strides, padding, dilation=None, groups=None):
    """y[n, o..., f] = sum over taps t and channels c of the padded x at o * s + t * d."""
    rank = x.ndim - 2
    dilation = dilation or [1] * rank
    ksize = kernel.shape[:rank]
    pads = paddings(padding, x.shape[1:-1], ksize, strides, dilation)
    xp = np.pad(x, [(0, 0)] + list(pads) + [(0, 0)])
    cig, cout = kernel.shape[-2], kernel.shape[-1]
    groups = groups or x.shape[-1] // cig
    cog = cout // groups
    out = [(xp.shape[1 + i] - dilation[i] * (ksize[i] - 1) - 1) // strides[i] + 1
           for i in range(rank)]
    y = np.zeros((x.shape[0], *out, cout))
    for tap in itertools.product(*[range(k) for k in ksize]):
        sl = tuple(slice(t * d, t * d + (o - 1) * s + 1, s)
                   for t, d, o, s in zip(tap, dilation, out, strides))
        patch = xp[(slice(None),) + sl]
        for g in range(groups):
            y[..., g * cog:(g + 1) * cog] += (patch[..., g * cig:(g + 1) * cig]
                                              @ kernel[tap][:, g * cog:(g + 1) * cog])
    return y


def depthwise_conv(x, kernel, strides, padding, dilation=None):
    """kernel (k..., c, m): output channel c * m + j is channel c convolved with [..., c, j]."""
    rank = x.ndim - 2
    c, m = kernel.shape[-2:]
    return conv(x, kernel.reshape(kernel.shape[:rank] + (1, c * m)), strides, padding, dilation,
                groups=c)


def conv_transpose(x, kernel, strides, padding, output_padding=None, dilation=None):
    """Scatter form: x[i] contributes x[i] @ kernel[t].T at i * s + t * d - pad_before.

    Output size and pad_before follow Keras's rule: "valid" (i - 1) * s + max(span, s),
    "same" i * s when output_padding is None."""
    rank = x.ndim - 2
    dilation = dilation or [1] * rank
    ksize = kernel.shape[:rank]
    out, before = [], []
    for i in range(rank):
        span, s = dilation[i] * (ksize[i] - 1) + 1, strides[i]
        op = None if output_padding is None else output_padding[i]
        if padding == "valid":
            left, right = span - 1, span - 1 + (max(span, s) - span if op is None else op)
        else:
            length = s + span - 2 if op is None else span + span % 2 - 2 + op
            left = min(length // 2 + length % 2, span - 1)
            right = length - left
        out.append((x.shape[1 + i] - 1) * s + 1 + left + right - span + 1)
        before.append(span - 1 - left)
    full = [max((x.shape[1 + i] - 1) * strides[i] + dilation[i] * (ksize[i] - 1) + 1,
                before[i] + out[i]) for i in range(rank)]
    y = np.zeros((x.shape[0], *full, kernel.shape[-2]))
    for tap in itertools.product(*[range(k) for k in ksize]):
        sl = tuple(slice(t * d, t * d + (n - 1) * s + 1, s)
                   for t, d, n, s in zip(tap, dilation, x.shape[1:-1], strides))
        y[(slice(None),) + sl] += x @ kernel[tap].T
    crop = tuple(slice(b, b + o) for b, o in zip(before, out))
    return y[(slice(None),) + crop]


def pool(x, pool_size, strides, padding, op):
    """Max ignores padded positions; average divides by the in-input count."""
    rank = x.ndim - 2
    spatial = x.shape[1:-1]
    pads = paddings(padding, spatial, pool_size, strides, [1] * rank)
    out = [(n + b + a - k) // s + 1 for n, (b, a), k, s in zip(spatial, pads, pool_size, strides)]
    y = np.zeros((x.shape[0], *out, x.shape[-1]))
    for o in itertools.product(*[range(n) for n in out]):
        sl = tuple(slice(max(i * s - b, 0), min(i * s - b + k, n))
                   for i, s, (b, _), k, n in zip(o, strides, pads, pool_size, spatial))
        window = x[(slice(None),) + sl].reshape(x.shape[0], -1, x.shape[-1])
        y[(slice(None),) + o] = window.max(axis=1) if op == "max" else window.mean(axis=1)
    return y

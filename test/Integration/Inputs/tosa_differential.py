"""Random layers written as tosa.transpose_conv2d, run by tconv-run's file
mode (which imports them with tosa-to-tconv, or leaves them to upstream's
decomposition), against a NumPy loop written from TOSA's definition:
  out[n, oh, ow, oc] = bias[oc] + sum x[n, ih, iw, ic] * w[oc, kh, kw, ic]
  over oh = ih * stride_y + out_pad_top + kh, ow = iw * stride_x +
  out_pad_left + kw,
then the fused clamp/sigmoid/tanh. Each run holds LAYERS layers.

usage: tosa_differential.py TCONV_RUN WORKDIR RUNS LAYERS SEED"""

import os
import subprocess
import sys

import numpy

from run_and_compare import run_and_compare, ty

tconv_run, work = sys.argv[1:3]
runs, layers, seed = (int(a) for a in sys.argv[3:6])
rng = numpy.random.default_rng(seed)


def reference(x, w, b, stride, out_pad, out_shape):
    n, ih, iw, ic = x.shape
    oc, kh, kw, _ = w.shape
    out = numpy.zeros((n, out_shape[0], out_shape[1], oc))
    for i in range(ih):
        for j in range(iw):
            for a in range(kh):
                for c in range(kw):
                    oh = i * stride[0] + out_pad[0] + a
                    ow = j * stride[1] + out_pad[2] + c
                    if 0 <= oh < out_shape[0] and 0 <= ow < out_shape[1]:
                        out[:, oh, ow, :] += x[:, i, j, :] @ w[:, a, c, :].T
    return out + b


ACTIVATIONS = {
    "none": (None, lambda y: y),
    "relu": ("tosa.clamp %s {min_val = 0.0 : f32, max_val = "
             "3.40282347E+38 : f32}", lambda y: numpy.maximum(y, 0)),
    "relu6": ("tosa.clamp %s {min_val = 0.0 : f32, max_val = 6.0 : f32}",
              lambda y: numpy.clip(y, 0, 6)),
    "sigmoid": ("tosa.sigmoid %s", lambda y: 1 / (1 + numpy.exp(-y))),
    "tanh": ("tosa.tanh %s", numpy.tanh),
}



failures = checked = 0
for r in range(runs):
    args, body, results, cases = [], [], [], []
    for l in range(layers):
        n = int(rng.integers(1, 3))
        ih, iw = (int(v) for v in rng.integers(1, 7, 2))
        ic, oc = (int(v) for v in rng.choice([1, 3, 4, 8, 16, 17], 2))
        kh, kw = (int(v) for v in rng.integers(1, 6, 2))
        stride = [int(v) for v in rng.integers(1, 4, 2)]
        # Crops and growths, the ones tconv expresses and the others.
        # Mostly what tconv expresses (crops, growths at the bottom/right
        # below the stride); a growth at the top/left or by the stride goes
        # upstream's way.
        out_pad = []
        for k, s in ((kh, stride[0]), (kw, stride[1])):
            crop = min(k - 1, 2)
            before = (1 if rng.random() < 0.1 else
                      -int(rng.integers(0, crop + 1)))
            after = (s if rng.random() < 0.1 else
                     int(rng.integers(-crop, s)))
            out_pad += [before, after]
        out_pad = [out_pad[0], out_pad[1], out_pad[2], out_pad[3]]
        full = [(ih - 1) * stride[0] + kh, (iw - 1) * stride[1] + kw]
        out_shape = [full[0] + out_pad[0] + out_pad[1],
                     full[1] + out_pad[2] + out_pad[3]]
        if min(out_shape) < 1:
            out_pad = [0, 0, 0, 0]
            out_shape = full
        bias_len = oc if rng.random() < 0.8 else 1
        act = str(rng.choice(list(ACTIVATIONS)))
        x = rng.uniform(-1, 1, (n, ih, iw, ic)).astype("<f4")
        w = rng.uniform(-1, 1, (oc, kh, kw, ic)).astype("<f4")
        b = rng.uniform(-1, 1, (bias_len,)).astype("<f4")
        names = []
        for name, a in (("x", x), ("w", w), ("b", b)):
            path = os.path.join(work, "r%d_l%d_%s.npy" % (r, l, name))
            numpy.save(path, a)
            names.append(path)
            args.append((path, a.shape))
        i = 3 * l
        y = (n, out_shape[0], out_shape[1], oc)
        body.append(
            "  %%y%d = tosa.transpose_conv2d %%a%d, %%a%d, %%a%d, %%zp, %%zp "
            "{acc_type = f32, out_pad = array<i64: %s>, stride = array<i64: "
            "%d, %d>} : (%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s" %
            (l, i, i + 1, i + 2, ", ".join(map(str, out_pad)), stride[0],
             stride[1], ty(x.shape), ty(w.shape), ty(b.shape), ty(y)))
        value = "%%y%d" % l
        if ACTIVATIONS[act][0]:
            body.append("  %%z%d = %s : (%s) -> %s" %
                        (l, ACTIVATIONS[act][0] % value, ty(y), ty(y)))
            value = "%%z%d" % l
        results.append((value, y))
        expected = ACTIVATIONS[act][1](
            reference(x.astype(float), w.astype(float), b.astype(float),
                      stride, out_pad, out_shape))
        cases.append(("n%d %dx%dx%d->%d k%dx%d s%s out_pad %s bias %d %s" %
                      (n, ih, iw, ic, oc, kh, kw, stride, out_pad, bias_len,
                       act), expected, ic * kh * kw))
    model = os.path.join(work, "run%d.mlir" % r)
    with open(model, "w") as f:
        f.write("func.func @layers(%s) -> (%s) {\n" % (
            ", ".join("%%a%d: %s" % (i, ty(s)) for i, (_, s) in
                      enumerate(args)),
            ", ".join(ty(s) for _, s in results)))
        f.write('  %zp = "tosa.const"() <{values = dense<0.0> : '
                'tensor<1xf32>}> : () -> tensor<1xf32>\n')
        f.write("\n".join(body) + "\n")
        f.write("  return %s : %s\n}\n" % (
            ", ".join(v for v, _ in results),
            ", ".join(ty(s) for _, s in results)))
    c, f = run_and_compare(tconv_run, model, args, cases, work,
                           "run%d" % r)
    checked += c
    failures += f

print("%d layers checked, %d failures" % (checked, failures))
sys.exit(1 if failures else 0)

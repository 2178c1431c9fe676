"""Random transposed convolutions written as the zero-insertion idiom (the
input inserted at a stride into zeros, maybe zero-padded, then a stride-1
linalg.conv_2d_nhwc_hwcf, _nhwc_fhwc or _nchw_fchw with the kernel flipped by a
linalg.generic), run by tconv-run's file mode (which raises them with
tconv-raise-dilated-conv), against a NumPy loop of the transposed
convolution: full[i * s + k] += x[i] * K[k], out[t] = full[t + pad_before],
pad_before = K - 1 - offset - pad_low.

usage: idiom_differential.py TCONV_RUN TCONV_OPT WORKDIR RUNS LAYERS SEED
Each layer may end in a bias add and/or relu (a linalg.generic the raise
fuses). Also checks with tconv-opt that every layer was raised, its flip
and epilogue absorbed."""

import os
import subprocess
import sys

import numpy

from run_and_compare import run_and_compare, ty

tconv_run, tconv_opt, work = sys.argv[1:4]
runs, layers, seed = (int(a) for a in sys.argv[4:7])
rng = numpy.random.default_rng(seed)



def reference(x, k_hwcf, s, before, out_shape):
    n, ih, iw, _ = x.shape
    kh, kw, _, f = k_hwcf.shape
    full = numpy.zeros((n, (ih - 1) * s[0] + kh, (iw - 1) * s[1] + kw, f))
    for i in range(ih):
        for j in range(iw):
            for a in range(kh):
                for b in range(kw):
                    full[:, i * s[0] + a, j * s[1] + b, :] += \
                        x[:, i, j, :] @ k_hwcf[a, b]
    out = numpy.zeros((n,) + tuple(out_shape) + (f,))
    for t in range(out_shape[0]):
        for u in range(out_shape[1]):
            if t + before[0] < full.shape[1] and u + before[1] < full.shape[2]:
                out[:, t, u, :] = full[:, t + before[0], u + before[1], :]
    return out


def epilogue_of(epilogue, y):
    return numpy.maximum(y, 0) if epilogue.endswith("relu") else y


failures = checked = raised = 0
for r in range(runs):
    args, body, results, cases = [], [], [], []
    body.append("  %zero = arith.constant 0.0 : f32")
    for l in range(layers):
        n = int(rng.integers(1, 3))
        ih, iw = (int(v) for v in rng.integers(1, 6, 2))
        c, f = (int(v) for v in rng.choice([1, 3, 4, 8, 16], 2))
        kh, kw = (int(v) for v in rng.integers(1, 6, 2))
        s = [int(v) for v in rng.integers(1, 4, 2)]
        layout = str(rng.choice(["hwcf", "fhwc", "fchw"]))
        nchw = layout == "fchw"
        padded = rng.random() < 0.6
        offset, low, high, extra, before = [], [], [], [], []
        for k, st in ((kh, s[0]), (kw, s[1])):
            p = int(rng.integers(0, k))
            a = int(rng.integers(0, k - p)) if padded else 0
            offset.append(p)
            low.append(a)
            high.append(int(rng.integers(0, k)) if padded else 0)
            extra.append(int(rng.integers(0, st)))
            before.append(k - 1 - p - a)
        dil = [offset[0] + (ih - 1) * s[0] + 1 + extra[0],
               offset[1] + (iw - 1) * s[1] + 1 + extra[1]]
        pad_shape = [dil[0] + low[0] + high[0], dil[1] + low[1] + high[1]]
        out_shape = [pad_shape[0] - kh + 1, pad_shape[1] - kw + 1]
        full = [(ih - 1) * s[0] + kh, (iw - 1) * s[1] + kw]
        # The raise takes outputs within a stride beyond the full result.
        if min(out_shape) < 1 or any(o - (fl - b) >= st for o, fl, b, st in
                                     zip(out_shape, full, before, s)):
            continue
        x = rng.uniform(-1, 1, (n, ih, iw, c)).astype("<f4")
        k_hwcf = rng.uniform(-1, 1, (kh, kw, c, f)).astype("<f4")
        k_arg = {"hwcf": k_hwcf, "fhwc": k_hwcf.transpose(3, 0, 1, 2),
                 "fchw": k_hwcf.transpose(3, 2, 0, 1)}[layout]
        x_arg = x.transpose(0, 3, 1, 2) if nchw else x

        def lay(shape):
            """An NHWC shape in the layout's order."""
            return (shape[0], shape[3], shape[1], shape[2]) if nchw else shape

        for name, a in (("x", x_arg), ("k", k_arg)):
            path = os.path.join(work, "r%d_l%d_%s.npy" % (r, l, name))
            numpy.save(path, numpy.ascontiguousarray(a))
            args.append((path, a.shape))
        xa, ka = "%%a%d" % (len(args) - 2), "%%a%d" % (len(args) - 1)
        dshape = lay((n, dil[0], dil[1], c))
        pshape = lay((n, pad_shape[0], pad_shape[1], c))
        yshape = lay((n, out_shape[0], out_shape[1], f))
        hd, wd = {"hwcf": (0, 1), "fhwc": (1, 2), "fchw": (2, 3)}[layout]
        sp = (lambda a, b: "0, 0, %d, %d" % (a, b)) if nchw else \
            (lambda a, b: "0, %d, %d, 0" % (a, b))
        kdims = ["d0", "d1", "d2", "d3"]
        kdims[hd] = "%d - d%d" % (kh - 1, hd)
        kdims[wd] = "%d - d%d" % (kw - 1, wd)
        body += [
            "  %%e%d = tensor.empty() : %s" % (l, ty(dshape)),
            "  %%z%d = linalg.fill ins(%%zero : f32) outs(%%e%d : %s) -> %s"
            % (l, l, ty(dshape), ty(dshape)),
            "  %%d%d = tensor.insert_slice %s into %%z%d[%s] "
            "[%s] [%s] : %s into %s" %
            (l, xa, l, sp(offset[0], offset[1]),
             ", ".join(map(str, x_arg.shape)),
             "1, 1, %d, %d" % (s[0], s[1]) if nchw else
             "1, %d, %d, 1" % (s[0], s[1]),
             ty(x_arg.shape), ty(dshape)),
        ]
        image = "%%d%d" % l
        if padded:
            body += [
                "  %%p%d = tensor.pad %%d%d low[%s] high[%s] {\n  ^bb0(%%i0: "
                "index, %%i1: index, %%i2: index, %%i3: index):\n    "
                "tensor.yield %%zero : f32\n  } : %s to %s"
                % (l, l, sp(low[0], low[1]), sp(high[0], high[1]),
                   ty(dshape), ty(pshape))]
            image = "%%p%d" % l
        body += [
            "  %%fe%d = tensor.empty() : %s" % (l, ty(k_arg.shape)),
            "  %%kf%d = linalg.generic {indexing_maps = [affine_map<(d0, d1, "
            "d2, d3) -> (%s)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, "
            "d3)>], iterator_types = [\"parallel\", \"parallel\", "
            "\"parallel\", \"parallel\"]} ins(%s : %s) outs(%%fe%d : %s) {\n"
            "  ^bb0(%%in: f32, %%out: f32):\n    linalg.yield %%in : f32\n"
            "  } -> %s" % (l, ", ".join(kdims), ka, ty(k_arg.shape), l,
                           ty(k_arg.shape), ty(k_arg.shape)),
            "  %%oe%d = tensor.empty() : %s" % (l, ty(yshape)),
            "  %%o%d = linalg.fill ins(%%zero : f32) outs(%%oe%d : %s) -> %s"
            % (l, l, ty(yshape), ty(yshape)),
            "  %%y%d = linalg.conv_2d_%s {dilations = dense<1> : "
            "tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%s, "
            "%%kf%d : %s, %s) outs(%%o%d : %s) -> %s" %
            (l, "nchw_fchw" if nchw else "nhwc_" + layout, image, l,
             ty(pshape if padded else dshape),
             ty(k_arg.shape), l, ty(yshape), ty(yshape)),
        ]
        # An epilogue the raise fuses: a bias add and/or relu.
        epilogue = str(rng.choice(["none", "bias", "bias_relu", "relu"]))
        value = "%%y%d" % l
        expected_bias = numpy.zeros(f)
        if epilogue != "none":
            chan = "d1" if nchw else "d3"
            ins, types, args_body, ops = [value], [ty(yshape)], ["%v"], []
            maps = ["affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>"]
            result = "%v"
            if epilogue.startswith("bias"):
                b = rng.uniform(-1, 1, (f,)).astype("<f4")
                expected_bias = b.astype(float)
                path = os.path.join(work, "r%d_l%d_b.npy" % (r, l))
                numpy.save(path, b)
                args.append((path, b.shape))
                ins.append("%%a%d" % (len(args) - 1))
                types.append(ty(b.shape))
                maps.append("affine_map<(d0, d1, d2, d3) -> (%s)>" % chan)
                args_body.append("%bb")
                ops.append("    %s = arith.addf %%v, %%bb : f32" % "%s")
                result = "%s"
            if epilogue.endswith("relu"):
                ops.append("    %%m = arith.maximumf %s, %%zero : f32" %
                           result)
                result = "%m"
            maps.append("affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>")
            body += [
                "  %%oe2_%d = tensor.empty() : %s" % (l, ty(yshape)),
                "  %%g%d = linalg.generic {indexing_maps = [%s], "
                "iterator_types = [\"parallel\", \"parallel\", "
                "\"parallel\", \"parallel\"]} ins(%s : %s) outs(%%oe2_%d "
                ": %s) {\n  ^bb0(%s, %%out: f32):\n%s\n    linalg.yield %s"
                " : f32\n  } -> %s" %
                (l, ", ".join(maps), ", ".join(ins), ", ".join(types), l,
                 ty(yshape), ", ".join(a + ": f32" for a in args_body),
                 "\n".join(ops), result, ty(yshape))]
            value = "%%g%d" % l
        results.append((value, yshape))
        cases.append(("n%d %dx%dx%d->%d k%dx%d s%s %s offset %s pad %s/%s %s" %
                      (n, ih, iw, c, f, kh, kw, s, layout, offset, low, high,
                       epilogue),
                      epilogue_of(epilogue, reference(
                          x.astype(float), k_hwcf.astype(float), s, before,
                          out_shape) + expected_bias).transpose(
                          (0, 3, 1, 2) if nchw else (0, 1, 2, 3)),
                      c * kh * kw))
    if not results:
        continue
    model = os.path.join(work, "run%d.mlir" % r)
    with open(model, "w") as fh:
        fh.write("func.func @idiom(%s) -> (%s) {\n" % (
            ", ".join("%%a%d: %s" % (i, ty(sh)) for i, (_, sh) in
                      enumerate(args)),
            ", ".join(ty(sh) for _, sh in results)))
        fh.write("\n".join(body) + "\n")
        fh.write("  return %s : %s\n}\n" % (
            ", ".join(v for v, _ in results),
            ", ".join(ty(sh) for _, sh in results)))
    opt = subprocess.run([tconv_opt, model, "--pass-pipeline=builtin.module("
                          "func.func(tconv-raise-dilated-conv))"],
                         capture_output=True, text=True)
    raised += opt.stdout.count("tconv.conv2d_transpose")
    # Raised: no convolution left, nor a flip or an epilogue generic.
    if opt.returncode != 0 or "linalg.conv_2d" in opt.stdout or \
            "linalg.generic" in opt.stdout:
        failures += 1
        print("FAIL: run %d: not every layer raised %s" % (r, opt.stderr))
    c, f = run_and_compare(tconv_run, model, args, cases, work,
                           "run%d" % r)
    checked += c
    failures += f

print("%d layers checked, %d raised, %d failures" % (checked, raised,
                                                     failures))
sys.exit(1 if failures else 0)

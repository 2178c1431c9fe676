//===- Target.h - The CPU that lowering decisions are made for --*- C++ -*-===//
//
// A TargetDescription is detected once (the host) or given (a preset or a
// #tconv.target attribute), and handed to the passes as the module's
// tconv.target attribute: no pass probes the machine it runs on.
//
//===----------------------------------------------------------------------===//

#ifndef TCONV_TARGET_TARGET_H
#define TCONV_TARGET_TARGET_H

#include "TConv/Dialect/TConvAttrs.h"

#include "mlir/Support/LLVM.h"

namespace mlir {
class ModuleOp;
class Operation;
namespace tconv {

/// The vector register file, FMA throughput, caches and cores of a CPU.
struct TargetDescription {
  /// Width of the widest vector register, and how many there are.
  int64_t vectorBits = 128;
  int64_t numRegisters = 16;
  /// Vector FMAs of vectorBits issued per cycle per core.
  int64_t fmaPipes = 1;
  /// Data cache bytes per core (L3: the whole cache).
  int64_t l1Bytes = int64_t(32) << 10;
  int64_t l2Bytes = int64_t(1) << 20;
  int64_t l3Bytes = int64_t(32) << 20;
  int64_t cores = 1;

  /// Elements of `elementBits` bits per vector register.
  int64_t getLanes(int64_t elementBits) const {
    return std::max<int64_t>(1, vectorBits / elementBits);
  }
  bool operator==(const TargetDescription &other) const;
};

/// The CPU this process runs on, read once: its vector registers from
/// LLVM's host features (32 x 512 bits with AVX-512F, 16 x 256 with AVX,
/// else 16 x 128), its FMA pipes from LLVM's host CPU name, its caches from
/// sysfs and sysconf, its cores from the scheduler's affinity mask.
const TargetDescription &getHostTarget();

/// A named target: "host", or a generic x86-64 level ("x86-64": SSE2,
/// "x86-64-v3": AVX2 and FMA, "x86-64-v4": AVX-512) with 32 KiB L1d, 1 MiB
/// L2, 32 MiB L3 and one core; nullopt for an unknown name.
std::optional<TargetDescription> getNamedTarget(StringRef name);

/// The target `vectorBits` implies: 32 registers of 512 bits, else 16 of
/// `vectorBits` (AVX2, SSE), with `base`'s caches and cores.
TargetDescription withVectorBits(TargetDescription base, int64_t vectorBits);

TargetAttr getTargetAttr(MLIRContext *context, const TargetDescription &target);
/// The same, or null after an error through `emitError` when `target` is
/// not one (a vector width other than 128, 256 or 512, no cache, no core).
TargetAttr getCheckedTargetAttr(function_ref<InFlightDiagnostic()> emitError,
                                MLIRContext *context,
                                const TargetDescription &target);
TargetDescription getTargetDescription(TargetAttr attr);

/// The target of the innermost op around (or at) `op` that carries
/// tconv.target; the generic "x86-64" target when none does.
TargetDescription lookupTarget(Operation *op);

/// Puts `target` on `module` as tconv.target.
void setTarget(ModuleOp module, const TargetDescription &target);

} // namespace tconv
} // namespace mlir

#endif // TCONV_TARGET_TARGET_H

//===- Target.cpp - Target descriptions and host detection ----------------===//

#include "TConv/Target/Target.h"

#include "TConv/Dialect/TConvDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/TargetParser/Host.h"

#include <fstream>
#include <string>

#include <sched.h>
#include <unistd.h>

using namespace mlir;
using namespace mlir::tconv;

bool TargetDescription::operator==(const TargetDescription &other) const {
  return vectorBits == other.vectorBits && numRegisters == other.numRegisters &&
         fmaPipes == other.fmaPipes && l1Bytes == other.l1Bytes &&
         l2Bytes == other.l2Bytes && l3Bytes == other.l3Bytes &&
         cores == other.cores;
}

TargetDescription tconv::withVectorBits(TargetDescription base,
                                        int64_t vectorBits) {
  base.vectorBits = vectorBits;
  base.numRegisters = vectorBits >= 512 ? 32 : 16;
  return base;
}

/// Bytes of the cache of `level` Linux lists for cpu0 ("32768K"), or 0.
static int64_t getSysfsCacheBytes(int level) {
  for (int index = 0; index < 8; ++index) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    int indexLevel = 0;
    std::string type;
    if (!(std::ifstream(dir + "/level") >> indexLevel))
      return 0;
    std::ifstream(dir + "/type") >> type;
    if (indexLevel != level || type == "Instruction")
      continue;
    int64_t value = 0;
    char unit = 0;
    std::ifstream(dir + "/size") >> value >> unit;
    return unit == 'K' ? value << 10 : unit == 'M' ? value << 20 : value;
  }
  return 0;
}

/// Vector FMAs of the full register width per cycle, by LLVM's CPU name:
/// Zen 4 runs a 512-bit FMA as two halves on its two 256-bit pipes; client
/// Intel cores with AVX-512 have one 512-bit FMA unit.
static int64_t getFmaPipes(StringRef cpu, int64_t vectorBits) {
  if (vectorBits < 512)
    return 2;
  return llvm::StringSwitch<int64_t>(cpu)
      .Cases({"znver4", "icelake-client", "tigerlake", "rocketlake",
              "cannonlake"},
             1)
      .Default(2);
}

static TargetDescription detectHost() {
  TargetDescription target;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    target = withVectorBits(target, 512);
  else if (features.lookup("avx"))
    target = withVectorBits(target, 256);
  target.fmaPipes = features.lookup("fma") || features.lookup("avx512f")
                        ? getFmaPipes(llvm::sys::getHostCPUName(),
                                      target.vectorBits)
                        : 1;
  // sysfs before sysconf: in a VM, sysconf's L3 (from cpuid) can be the
  // host's (256 MiB on a guest whose sysfs, like lscpu, says 32).
  for (auto [level, field, name] :
       {std::tuple<int, int64_t *, int>{1, &target.l1Bytes,
                                        _SC_LEVEL1_DCACHE_SIZE},
        {2, &target.l2Bytes, _SC_LEVEL2_CACHE_SIZE},
        {3, &target.l3Bytes, _SC_LEVEL3_CACHE_SIZE}}) {
    if (int64_t bytes = getSysfsCacheBytes(level); bytes > 0)
      *field = bytes;
    else if (long bytes = sysconf(name); bytes > 0)
      *field = bytes;
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    target.cores = std::max(1, CPU_COUNT(&set));
  else if (long online = sysconf(_SC_NPROCESSORS_ONLN); online > 0)
    target.cores = online;
  return target;
}

const TargetDescription &tconv::getHostTarget() {
  static const TargetDescription host = detectHost();
  return host;
}

std::optional<TargetDescription> tconv::getNamedTarget(StringRef name) {
  if (name == "host")
    return getHostTarget();
  TargetDescription generic;
  if (name == "x86-64")
    return generic;
  if (name == "x86-64-v3") {
    TargetDescription target = withVectorBits(generic, 256);
    target.fmaPipes = 2;
    return target;
  }
  if (name == "x86-64-v4") {
    TargetDescription target = withVectorBits(generic, 512);
    target.fmaPipes = 2;
    return target;
  }
  return std::nullopt;
}

TargetAttr tconv::getTargetAttr(MLIRContext *context,
                                const TargetDescription &target) {
  return TargetAttr::get(context, target.vectorBits, target.numRegisters,
                         target.fmaPipes, target.l1Bytes, target.l2Bytes,
                         target.l3Bytes, target.cores);
}

TargetAttr
tconv::getCheckedTargetAttr(function_ref<InFlightDiagnostic()> emitError,
                            MLIRContext *context,
                            const TargetDescription &target) {
  return TargetAttr::getChecked(emitError, context, target.vectorBits,
                                target.numRegisters, target.fmaPipes,
                                target.l1Bytes, target.l2Bytes, target.l3Bytes,
                                target.cores);
}

TargetDescription tconv::getTargetDescription(TargetAttr attr) {
  return {attr.getVectorBits(), attr.getRegisters(), attr.getFmaPipes(),
          attr.getL1(),         attr.getL2(),        attr.getL3(),
          attr.getCores()};
}

TargetDescription tconv::lookupTarget(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto attr =
            op->getAttrOfType<TargetAttr>(TConvDialect::kTargetAttrName))
      return getTargetDescription(attr);
  return TargetDescription();
}

void tconv::setTarget(ModuleOp module, const TargetDescription &target) {
  module->setAttr(TConvDialect::kTargetAttrName,
                  getTargetAttr(module.getContext(), target));
}

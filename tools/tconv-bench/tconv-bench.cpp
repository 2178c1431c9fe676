//===- tconv-bench.cpp - TConv against the best CPU libraries -------------===//
//
// Runs every layer of a shapes.csv suite through TConv and through its peers
// in the same process, checks every result against the reference
// implementation before timing it, times them all in interleaved rounds, and
// prints GFLOP/s (useful work
// 2*N*H*W*Cin*Cout*KH*KW over the median of the timed runs), the ratio to the
// best peer (median and quartiles of the ratios within one round), the
// multiply-adds TConv performs over those the layer needs (padded borders
// multiply zeros), the share of the machine's measured FMA peak those
// performed multiply-adds run at, and the JIT compile time. Optionally writes
// a CSV table and an SVG bar chart.
//
// Peers: oneDNN's deconvolution primitive (weights reordered once, outside
// the timed runs) and XNNPACK's deconvolution operator (weights packed when
// it is created), each when TConv was built with it, upstream MLIR's
// tosa.transpose_conv2d path (TosaPeer.cpp) and "naive", the reference
// loops. TConv's weights are prepared once as well. Layers are f32,
// NHWC, TF filter layout, no bias, no activation; the suite is
// bench/shapes.csv.
//
//===----------------------------------------------------------------------===//

#include "Peers.h"

#include "TConv/JIT/TConvJIT.h"
#include "TConv/Reference/Conv2DTranspose.h"
#include "TConv/Support/ThreadsFlag.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"


#include <immintrin.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <thread>

using namespace mlir;
using namespace mlir::tconv;
using namespace mlir::tconv::bench;
namespace cl = llvm::cl;

/// The options --help lists (libLLVM's own are hidden).
static cl::OptionCategory benchCategory("tconv-bench options");

static cl::opt<std::string>
    shapesPath("shapes",
               cl::desc("Benchmark suite (CSV: name,N,H,W,Cin,Cout,"
                        "KH,KW,SH,SW,padding)"),
               cl::init("bench/shapes.csv"), cl::cat(benchCategory));
/// --threads N: threads for TConv and the peers (see ThreadsFlag.h).
static unsigned threads = 1;
static cl::opt<std::string> peersFlag("peers",
                                      cl::desc("Comma-separated peers: onednn, "
                                               "xnnpack, tosa (upstream MLIR), "
                                               "tosa-import (the same TOSA "
                                               "through tosa-to-tconv), idiom "
                                               "(zero insertion, upstream), "
                                               "idiom-raised, naive"),
                                      cl::init("onednn"),
                                      cl::cat(benchCategory));
static cl::opt<bool> csvFlag("csv", cl::desc("Print CSV instead of a table"),
                             cl::cat(benchCategory));
static cl::opt<std::string> svgPath("svg",
                                    cl::desc("Write a bar chart of GFLOP/s"),
                                    cl::value_desc("chart.svg"),
                                    cl::cat(benchCategory));
static cl::opt<unsigned> repetitions("repetitions",
                                     cl::desc("Timed runs per layer (median)"),
                                     cl::init(5), cl::cat(benchCategory));
static cl::opt<double> minSeconds("min-seconds",
                                  cl::desc("Run at least this long per "
                                           "measurement (more repetitions)"),
                                  cl::init(0.2), cl::cat(benchCategory));
static cl::opt<std::string> bordersFlag(
    "borders",
    cl::desc("TConv's phase borders: auto (the cost model's, the default), "
             "exact, padded or exact-rows (see #tconv.strategy)"),
    cl::init("auto"), cl::cat(benchCategory));
static cl::opt<int64_t> filterBlockFlag(
    "filter-block",
    cl::desc("Output channels per block of TConv's prepared filter (see "
             "tconv-to-linalg's filter-block; 0: unblocked; -1: chosen per "
             "layer, the default)"),
    cl::init(KernelOptions().filterBlock), cl::cat(benchCategory));
// Not "prefetch-distance": LLVM's loop-data-prefetch pass has that flag.
static cl::opt<int64_t> prefetchFlag(
    "filter-prefetch",
    cl::desc("Input channels ahead TConv's register tiles prefetch their "
             "filter (see tconv-prefetch; 0: none; -1: chosen for the "
             "host)"),
    cl::init(KernelOptions().prefetchDistance), cl::cat(benchCategory));
static cl::opt<std::string> onlyFlag("only",
                                     cl::desc("Run only the rows named in "
                                              "this comma-separated list"),
                                     cl::cat(benchCategory));

/// `tconv-bench: error: <what>` and exit code 1.
static int fail(const llvm::Twine &what) {
  llvm::errs() << "tconv-bench: error: " << what << "\n";
  return 1;
}

/// Wall times in seconds of each of `fns`, measured in rounds: each round
/// runs every function in turn, warm-up runs for 20 ms, then one timed run.
/// Interleaved, the functions see the same slow and fast spells of a shared
/// machine, and the times of one round can be compared with each other (on
/// several threads, once the thread pools of the others have gone to sleep). At
/// least `repetitions` rounds and at least `minSeconds` per function in all;
/// `times[f][round]`.
static std::vector<std::vector<double>>
timeInterleaved(ArrayRef<std::function<void()>> fns) {
  std::vector<std::vector<double>> times(fns.size());
  auto begin = std::chrono::steady_clock::now();
  for (size_t round = 0; round < 1000; ++round) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
            .count();
    if (round >= std::max(5u, unsigned(repetitions)) &&
        elapsed >= minSeconds * fns.size())
      break;
    for (auto [fn, samples] : llvm::zip(fns, times)) {
      // On several threads, the previous function's thread pool may still
      // spin-wait for work (libomp for 200 ms after a parallel region; TConv
      // and oneDNN bring two OpenMP runtimes) and take the cores this one
      // needs: wait until it sleeps. Then warm up for 20 ms, so this one's
      // pool is awake (waking a sleeping one costs milliseconds on a VM)
      // and its data is back in cache.
      if (threads > 1 && fns.size() > 1)
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      auto warm = std::chrono::steady_clock::now();
      do
        fn();
      while (std::chrono::steady_clock::now() - warm <
             std::chrono::milliseconds(20));
      auto start = std::chrono::steady_clock::now();
      fn();
      samples.push_back(std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start)
                            .count());
    }
  }
  return times;
}

/// The `q`-quantile (0 <= q <= 1) of `values` (not empty).
static double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(q * (values.size() - 1) + 0.5)];
}

//===----------------------------------------------------------------------===//
// Machine peak
//===----------------------------------------------------------------------===//

/// GFLOP/s of independent FMA chains on one core (AVX-512 when the CPU has
/// it, else AVX2): the ceiling any kernel here can reach.
__attribute__((target("avx512f"))) static double fmaPeakAVX512() {
  const long iters = 20'000'000;
  __m512 acc[12];
  for (__m512 &a : acc)
    a = _mm512_set1_ps(1.0f);
  const __m512 m = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f);
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iters; ++i)
    for (__m512 &a : acc)
      a = _mm512_fmadd_ps(a, m, c);
  double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  volatile float sink = 0;
  for (__m512 &a : acc)
    sink = sink + _mm512_reduce_add_ps(a);
  return 2.0 * 16 * 12 * iters / s * 1e-9;
}

__attribute__((target("avx2,fma"))) static double fmaPeakAVX2() {
  const long iters = 20'000'000;
  __m256 acc[12];
  for (__m256 &a : acc)
    a = _mm256_set1_ps(1.0f);
  const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iters; ++i)
    for (__m256 &a : acc)
      a = _mm256_fmadd_ps(a, m, c);
  double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  volatile float sink = 0;
  float lanes[8];
  for (__m256 &a : acc) {
    _mm256_storeu_ps(lanes, a);
    sink = sink + lanes[0];
  }
  return 2.0 * 8 * 12 * iters / s * 1e-9;
}

/// The best of five measurements: a shared machine only ever slows one.
static double measureFmaPeak() {
  __builtin_cpu_init();
  double best = 0;
  for (int i = 0; i < 5; ++i) {
    if (__builtin_cpu_supports("avx512f"))
      best = std::max(best, fmaPeakAVX512());
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      best = std::max(best, fmaPeakAVX2());
  }
  return best;
}

//===----------------------------------------------------------------------===//
// Suite and peers
//===----------------------------------------------------------------------===//

/// One row of shapes.csv.
struct Row {
  std::string name;
  Conv2DTransposeLayer layer;
};

static llvm::Expected<std::vector<Row>> readSuite(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(
        buffer.getError(),
        path + ": cannot read: " + buffer.getError().message());
  std::vector<Row> rows;
  SmallVector<StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, false);
  for (auto [n, line] : llvm::enumerate(lines)) {
    line = line.trim();
    if (n == 0 || line.empty())
      continue;
    SmallVector<StringRef> f;
    line.split(f, ',');
    auto bad = [&, n = n](const llvm::Twine &why) {
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     path + ":" + llvm::Twine(n + 1) + ": " +
                                         why);
    };
    if (f.size() != 11)
      return bad("expected 11 fields, got " + llvm::Twine(f.size()));
    int64_t v[9];
    for (int i = 0; i < 9; ++i)
      if (f[i + 1].trim().getAsInteger(10, v[i]) || v[i] < 1)
        return bad("bad number '" + f[i + 1] + "'");
    Row row;
    row.name = f[0].trim().str();
    Conv2DTransposeLayer &l = row.layer;
    l.batch = v[0];
    l.inputSize = {v[1], v[2]};
    l.inChannels = v[3];
    l.outChannels = v[4];
    l.kernelSize = {v[5], v[6]};
    l.strides = {v[7], v[8]};
    std::optional<Padding> padding = symbolizePadding(f[10].trim());
    if (!padding || *padding == Padding::Explicit)
      return bad("padding must be valid or same, got '" + f[10] + "'");
    l.padding = *padding;
    l.inferOutputSize();
    if (onlyFlag.empty() ||
        llvm::is_contained(llvm::split(onlyFlag, ','), StringRef(row.name)))
      rows.push_back(std::move(row));
  }
  for (StringRef name : llvm::split(onlyFlag, ','))
    if (!onlyFlag.empty() &&
        llvm::none_of(rows, [&](const Row &r) { return r.name == name; }))
      return llvm::createStringError(
          "--only: no row named '" + name + "' in " + path);
  return rows;
}




/// Largest |a - b| relative to the largest |b|.
static double relativeError(const std::vector<float> &got,
                            const std::vector<double> &expected) {
  double worst = 0, scale = 1e-30;
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(got[i]))
      return INFINITY;
    worst = std::max(worst, std::abs(got[i] - expected[i]));
    scale = std::max(scale, std::abs(expected[i]));
  }
  return worst / scale;
}

//===----------------------------------------------------------------------===//
// Report
//===----------------------------------------------------------------------===//

/// Results of one row.
struct Result {
  std::string name;
  double tconv = 0, compileMs = 0;
  /// Multiply-adds TConv performs (padded borders multiply zeros) over
  /// those of the layer's taps that land inside the output.
  double macsRatio = 1;
  /// Share of the FMA peak TConv's performed multiply-adds run at.
  double percentOfPeak = 0;
  std::vector<double> peers; ///< GFLOP/s per peer, 0 when skipped.
  /// TConv's speed over the best peer's, per round (the best peer's time
  /// over TConv's in the same round): median and quartiles; 0 when TConv
  /// or every peer was skipped.
  double ratio = 0, ratioLow = 0, ratioHigh = 0;
};

static void writeSvg(StringRef path, ArrayRef<Result> results,
                     ArrayRef<std::string> peerNames, double peak) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    llvm::errs() << "tconv-bench: error: " << path << ": " << ec.message()
                 << "\n";
    return;
  }
  double top = 1;
  for (const Result &r : results) {
    top = std::max(top, r.tconv);
    for (double p : r.peers)
      top = std::max(top, p);
  }
  const int barW = 14, gap = 18, left = 60, height = 300, bottom = 90;
  int series = 1 + peerNames.size();
  int width = left + results.size() * (series * barW + gap) + 160;
  const char *colors[] = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
  os << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width
     << "' height='" << height + bottom + 30 << "' font-family='sans-serif' "
     << "font-size='11'>\n<rect width='100%' height='100%' fill='white'/>\n";
  os << "<text x='" << left << "' y='16' font-size='13'>GFLOP/s per layer, "
     << threads << " thread(s); FMA peak of " << threads << " core(s) "
     << llvm::format("%.0f", peak) << " GFLOP/s</text>\n";
  for (int t = 0; t <= 4; ++t) {
    double v = top * t / 4;
    int y = 30 + height - int(height * t / 4);
    os << "<line x1='" << left - 4 << "' x2='" << width - 150 << "' y1='" << y
       << "' y2='" << y << "' stroke='#ddd'/><text x='4' y='" << y + 4 << "'>"
       << llvm::format("%.0f", v) << "</text>\n";
  }
  for (auto [i, r] : llvm::enumerate(results)) {
    int x0 = left + i * (series * barW + gap);
    for (int s = 0; s < series; ++s) {
      double v = s == 0 ? r.tconv : r.peers[s - 1];
      int h = int(height * v / top);
      os << "<rect x='" << x0 + s * barW << "' y='" << 30 + height - h
         << "' width='" << barW - 2 << "' height='" << h << "' fill='"
         << colors[s % 4] << "'><title>" << r.name << " "
         << (s == 0 ? std::string("tconv") : peerNames[s - 1]) << ": "
         << llvm::format("%.2f", v) << "</title></rect>\n";
    }
    os << "<text transform='translate(" << x0 + 4 << "," << 30 + height + 8
       << ") rotate(60)'>" << r.name << "</text>\n";
  }
  for (int s = 0; s < series; ++s) {
    int y = 40 + s * 16;
    os << "<rect x='" << width - 140 << "' y='" << y << "' width='10' "
       << "height='10' fill='" << colors[s % 4] << "'/><text x='" << width - 125
       << "' y='" << y + 9 << "'>"
       << (s == 0 ? std::string("TConv") : peerNames[s - 1]) << "</text>\n";
  }
  os << "</svg>\n";
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  SmallVector<char *> args;
  if (llvm::Error error = takeThreadsFlag(argc, argv, args, threads))
    return fail("--threads: " + llvm::toString(std::move(error)));
  cl::HideUnrelatedOptions(benchCategory);
  cl::ParseCommandLineOptions(
      args.size(), args.data(),
      "tconv-bench: TConv against the best CPU libraries, side by side\n\n"
      "  --threads N   threads for TConv (OpenMP) and the peers (at most "
      "the cores\n                this process may use)\n");
  // OpenMP reads OMP_NUM_THREADS when it starts: run again with it set (the
  // run that warns and checks the flags).
  unsigned cores = getHostTarget().cores;
  std::string wanted = std::to_string(std::min(threads, cores));
  const char *env = getenv("OMP_NUM_THREADS");
  if (!env || wanted != env) {
    setenv("OMP_NUM_THREADS", wanted.c_str(), 1);
    execv("/proc/self/exe", argv);
    return fail("cannot restart with OMP_NUM_THREADS set");
  }
  threads = capThreads("tconv-bench", threads, cores);
  // Flags before the minutes of measuring.
  FailureOr<std::optional<Borders>> borders = parseBorders(bordersFlag);
  if (failed(borders))
    return fail("--borders must be auto, exact, padded or exact-rows, got '" +
                bordersFlag + "'");
  if (filterBlockFlag < KernelOptions::kAutoFilterBlock)
    return fail("--filter-block must be at least -1, got " +
                Twine(int64_t(filterBlockFlag)));
  if (prefetchFlag < kAutoPrefetchDistance)
    return fail("--filter-prefetch must be at least -1, got " +
                Twine(int64_t(prefetchFlag)));
  if (repetitions < 1)
    return fail("--repetitions must be at least 1, got 0");
  if (!(minSeconds >= 0 && minSeconds <= 3600))
    return fail("--min-seconds must be within 0 and 3600, got " +
                std::to_string(double(minSeconds)));
  std::vector<Peer> peers;
  SmallVector<StringRef> names;
  StringRef(peersFlag).split(names, ',', -1, false);
  for (StringRef n : names) {
    n = n.trim();
    if (n == "naive") {
      peers.push_back(makeNaivePeer());
    } else if (n == "onednn") {
#ifdef TCONV_HAVE_DNNL
      peers.push_back(makeOneDNNPeer());
#else
      llvm::errs() << "tconv-bench: note: built without oneDNN "
                      "(libdnnl-dev); skipping peer onednn\n";
#endif
    } else if (n == "xnnpack") {
#ifdef TCONV_HAVE_XNNPACK
      peers.push_back(makeXNNPACKPeer(threads));
#else
      llvm::errs() << "tconv-bench: note: built without XNNPACK "
                      "(libxnnpack-dev); skipping peer xnnpack\n";
#endif
    } else if (n == "tosa") {
      peers.push_back(makeTosaPeer(threads));
    } else if (n == "tosa-import") {
      peers.push_back(makeTosaImportPeer(threads));
    } else if (n == "idiom") {
      peers.push_back(makeIdiomPeer(threads));
    } else if (n == "idiom-raised") {
      peers.push_back(makeIdiomRaisedPeer(threads));
    } else {
      return fail("--peers: unknown peer '" + n + "'");
    }
  }
  auto suite = readSuite(shapesPath);
  if (!suite)
    return fail(llvm::toString(suite.takeError()));

  // One core's FMA peak, measured; the threads' share of the machine is
  // that times the threads (the cores are alike).
  double corePeak = measureFmaPeak();
  double peak = corePeak * threads;
  llvm::outs() << llvm::format("FMA peak (measured, 1 core): %.1f GFLOP/s; "
                               "TConv and the peers run with %u thread(s)\n",
                               corePeak, unsigned(threads));

  KernelOptions options;
  options.threads = threads;
  options.borders = *borders;
  options.prefetchDistance = prefetchFlag;
  options.filterBlock = filterBlockFlag;
  TConvJIT jit(options);
  std::vector<Result> results;
  std::vector<std::string> peerNames;
  for (const Peer &p : peers)
    peerNames.push_back(p.name);
  int status = 0;
  for (const Row &row : *suite) {
    const Conv2DTransposeLayer &l = row.layer;
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> dist(-1, 1);
    std::vector<float> x(l.getInputNumElements()), w(l.getFilterNumElements()),
        y(l.getOutputNumElements());
    for (float &v : x)
      v = dist(rng);
    for (float &v : w)
      v = dist(rng) * 0.05f;
    std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end()),
        expected(y.size());
    reference::conv2DTranspose<double>(l, xd.data(), wd.data(), nullptr,
                                       expected.data());
    double gflop = l.getUsefulFlops() * 1e-9;
    Result result;
    result.name = row.name;

    auto kernel = jit.getKernel(l, ElementKind::F32);
    if (!kernel)
      return fail(row.name + ": " + llvm::toString(kernel.takeError()));
    result.compileMs = kernel->getCompileMillis();
    // Multiply-adds per channel pair: performed with the kernel's borders,
    // needed (taps landing inside the output), and every tap (the useful
    // flops GFLOP/s are quoted against).
    double performed = static_cast<double>(getNumTapProducts(
        l, getPaddedDims(l, kernel->getStrategy().borders)));
    double needed = static_cast<double>(getNumTapProducts(l, PaddedDims{}));
    double allTaps = static_cast<double>(l.inputSize[0]) * l.inputSize[1] *
                     l.kernelSize[0] * l.kernelSize[1];
    result.macsRatio = performed / needed;
    // Weights prepared once, outside the timed runs, as oneDNN's are
    // reordered once.
    std::vector<char> prepared(kernel->getPreparedFilterBytes());
    llvm::cantFail(kernel->prepareFilter(w.data(), prepared.data()));
    auto runTConv = [&] {
      llvm::cantFail(kernel->runPrepared(x.data(), prepared.data(), nullptr,
                                         y.data(), l.batch));
    };
    // Every implementation is checked first, then all are timed together.
    // Each writes its own output buffer.
    std::vector<std::function<void()>> timed;
    std::vector<int> timedPeer; ///< Peer index of timed[i]; -1 for TConv.
    std::fill(y.begin(), y.end(), NAN);
    runTConv();
    if (double err = relativeError(y, expected); !(err < 1e-5)) {
      llvm::errs() << "tconv-bench: error: " << row.name
                   << ": TConv differs from the reference (relative error "
                   << err << ")\n";
      status = 1;
    } else {
      timed.push_back(runTConv);
      timedPeer.push_back(-1);
    }
    result.peers.assign(peers.size(), 0);
    std::vector<std::vector<float>> peerOutputs(peers.size());
    for (auto [p, peer] : llvm::enumerate(peers)) {
      std::vector<float> &out = peerOutputs[p];
      out.assign(y.size(), NAN);
      auto run = peer.prepare(l, x.data(), w.data(), out.data());
      if (!run) {
        llvm::errs() << "tconv-bench: note: " << row.name << ": " << peer.name
                     << " skipped: " << llvm::toString(run.takeError()) << "\n";
        continue;
      }
      (*run)();
      if (double err = relativeError(out, expected); !(err < 1e-5)) {
        llvm::errs() << "tconv-bench: error: " << row.name << ": " << peer.name
                     << " differs from the reference (relative "
                     << "error " << err << ")\n";
        status = 1;
        continue;
      }
      timed.push_back(*run);
      timedPeer.push_back(p);
    }
    std::vector<std::vector<double>> times = timeInterleaved(timed);
    for (auto [index, samples] : llvm::zip(timedPeer, times))
      (index < 0 ? result.tconv : result.peers[index]) =
          gflop / quantile(samples, 0.5);
    if (peak > 0)
      result.percentOfPeak = 100 * result.tconv * (performed / allTaps) / peak;
    // Ratios within a round, where TConv and its peers ran seconds apart.
    if (timed.size() > 1 && timedPeer.front() < 0) {
      std::vector<double> ratios;
      for (size_t round = 0; round < times.front().size(); ++round) {
        double bestPeer = INFINITY;
        for (size_t f = 1; f < times.size(); ++f)
          bestPeer = std::min(bestPeer, times[f][round]);
        ratios.push_back(bestPeer / times.front()[round]);
      }
      result.ratio = quantile(ratios, 0.5);
      result.ratioLow = quantile(ratios, 0.25);
      result.ratioHigh = quantile(ratios, 0.75);
    }
    results.push_back(result);
    if (!csvFlag) {
      llvm::outs() << llvm::format("%-14s tconv %7.2f", row.name.c_str(),
                                   result.tconv);
      for (auto [n, v] : llvm::zip(peerNames, result.peers))
        llvm::outs() << llvm::format("  %s %7.2f", n.c_str(), v);
      // No ratio without a peer timed beside TConv.
      if (result.ratio > 0)
        llvm::outs() << llvm::format("  ratio %5.2f (%4.2f-%4.2f)",
                                     result.ratio, result.ratioLow,
                                     result.ratioHigh);
      else
        llvm::outs() << "  ratio     -            ";
      llvm::outs() << llvm::format(
          "  macs %4.2f  peak %5.1f%%  compile %6.0f ms\n", result.macsRatio,
          result.percentOfPeak, result.compileMs);
      llvm::outs().flush();
    }
  }

  if (csvFlag) {
    llvm::outs() << "name,tconv_gflops";
    for (const std::string &n : peerNames)
      llvm::outs() << "," << n << "_gflops";
    llvm::outs() << ",ratio_to_best_peer,ratio_q1,ratio_q3,macs_ratio,"
                    "percent_of_peak,compile_ms\n";
    for (const Result &r : results) {
      llvm::outs() << r.name << llvm::format(",%.3f", r.tconv);
      for (double p : r.peers)
        llvm::outs() << llvm::format(",%.3f", p);
      llvm::outs() << llvm::format(",%.4f,%.4f,%.4f,%.4f,%.2f,%.1f\n", r.ratio,
                                   r.ratioLow, r.ratioHigh, r.macsRatio,
                                   r.percentOfPeak, r.compileMs);
    }
  }
  // Geometric mean of TConv / best peer over rows where both ran.
  double logSum = 0;
  int n = 0;
  for (const Result &r : results) {
    if (r.ratio > 0) {
      logSum += std::log(r.ratio);
      ++n;
    }
  }
  if (n && !csvFlag)
    llvm::outs() << llvm::format(
        "geomean TConv / best peer: %.3f over %d rows\n", std::exp(logSum / n),
        n);
  if (!svgPath.empty())
    writeSvg(svgPath, results, peerNames, peak);
  return status;
}

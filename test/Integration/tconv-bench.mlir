// tconv-bench checks every result against the reference before timing it,
// and reports every row, the peers and the chart.
// RUN: tconv-bench --shapes %S/Inputs/small-shapes.csv --peers naive --repetitions 1 --min-seconds 0 --svg %t.svg | FileCheck %s
// RUN: FileCheck %s --input-file %t.svg --check-prefix=SVG
// RUN: tconv-bench --shapes %S/Inputs/small-shapes.csv --peers naive --repetitions 1 --min-seconds 0 --csv | FileCheck %s --check-prefix=CSV
// RUN: tconv-bench --shapes %S/Inputs/peer-shapes.csv --peers naive,tosa --repetitions 1 --min-seconds 0 2>&1 | FileCheck %s --check-prefix=TOSA
// RUN: tconv-bench --threads 2 --shapes %S/Inputs/peer-shapes.csv --peers tosa --repetitions 1 --min-seconds 0 --csv 2>&1 | FileCheck %s --check-prefix=TOSA2
// RUN: tconv-bench --shapes %S/Inputs/peer-shapes.csv --peers tosa-import,idiom,idiom-raised --repetitions 1 --min-seconds 0 2>&1 | FileCheck %s --check-prefix=IMPORT
// RUN: not tconv-bench --shapes %S/Inputs/missing.csv 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not tconv-bench --shapes %S/Inputs/small-shapes.csv --peers mkl 2>&1 | FileCheck %s --check-prefix=PEER
// RUN: tconv-bench --shapes %S/Inputs/small-shapes.csv --peers "" --repetitions 1 --min-seconds 0 | FileCheck %s --check-prefix=ALONE
// RUN: tconv-bench --help | FileCheck %s --check-prefix=HELP

// CHECK: FMA peak (measured, 1 core): {{[0-9.]+}} GFLOP/s
// The multiply-adds performed over those the layer needs: small_same's 6
// channels take padded borders, 25 x 20 tap products per channel pair
// instead of the 22 x 17 that land inside its 10x8 output (1.34);
// small_valid's kernel equals its stride, so padding adds none.
// CHECK: small_same tconv {{ *[0-9.]+}} naive {{ *[0-9.]+}} ratio {{ *[0-9.]+}} ({{[0-9.]+}}-{{[0-9.]+}}) macs 1.34 peak {{ *[0-9.]+}}% compile {{ *[0-9]+}} ms
// CHECK: small_valid tconv {{.*}} macs 1.00 peak
// CHECK: geomean TConv / best peer: {{[0-9.]+}} over 2 rows

// SVG: <svg xmlns='http://www.w3.org/2000/svg'
// SVG: small_same
// SVG: small_valid

// CSV: name,tconv_gflops,naive_gflops,ratio_to_best_peer,ratio_q1,ratio_q3,macs_ratio,percent_of_peak,compile_ms
// CSV-NEXT: small_same,{{[0-9.]+}},{{[0-9.]+}},{{[0-9.]+}},{{[0-9.]+}},{{[0-9.]+}},1.3369,{{[0-9.]+}},{{[0-9.]+}}
// CSV-NEXT: small_valid,

// The tosa peer (upstream's transpose_conv2d path) passes the reference
// check on every row (stride 1 to 4, same and valid, batch 2, odd sizes):
// a row that differs or cannot run says so and reads 0.00.
// TOSA-NOT: differs
// TOSA-NOT: skipped
// TOSA: s1_same tconv {{ *[0-9.]+}} naive {{ *[0-9.]+}} tosa {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// TOSA: s2_same_k5 tconv {{.*}} tosa {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// TOSA: s3_valid tconv {{.*}} tosa {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// TOSA: s2_k4_odd tconv {{.*}} tosa {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// TOSA: s4_k2_valid tconv {{.*}} tosa {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// TOSA-NOT: differs
// TOSA-NOT: skipped

// The same TOSA imported by tosa-to-tconv, the zero-insertion idiom on
// upstream's convolution path and raised by tconv-raise-dilated-conv pass
// the check on every row.
// IMPORT-NOT: differs
// IMPORT-NOT: skipped
// IMPORT: s1_same tconv {{.*}} tosa-import {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom-raised {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// IMPORT: s2_same_k5 tconv {{.*}} tosa-import {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom-raised {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// IMPORT: s3_valid tconv {{.*}} tosa-import {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom-raised {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// IMPORT: s2_k4_odd tconv {{.*}} tosa-import {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom-raised {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// IMPORT: s4_k2_valid tconv {{.*}} tosa-import {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} idiom-raised {{ *[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}} ratio
// IMPORT-NOT: differs

// TOSA2-NOT: differs
// TOSA2: name,tconv_gflops,tosa_gflops,ratio_to_best_peer
// TOSA2-NEXT: s1_same,{{[0-9.]+}},{{[0-9]*[1-9][0-9]*\.[0-9]+|0\.[0-9]*[1-9][0-9]*}},
// TOSA2-NOT: differs

// MISSING: tconv-bench: error: {{.*}}missing.csv: cannot read
// PEER: tconv-bench: error: --peers: unknown peer 'mkl'

// Without a peer there is no ratio, and no geomean of ratios.
// ALONE: small_same tconv {{ *[0-9.]+}} ratio - macs 1.34 peak
// ALONE-NOT: geomean

// --help lists tconv-bench's options, not libLLVM's.
// HELP: OVERVIEW: tconv-bench
// HELP-DAG: --peers=<string>
// HELP-DAG: --filter-prefetch=<long>
// HELP-DAG: --borders=<string>
// HELP-NOT: --aarch64
// HELP-NOT: --amdgpu

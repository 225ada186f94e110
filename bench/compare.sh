#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs openks_bench once with JSON output and prints our stream round trips as ratios of the peers (gst_pad_push, a bare ioctl).
#
# usage: bash bench/compare.sh [BENCH_BINARY] [extra Google Benchmark flags...]
#   BENCH_BINARY defaults to $OPENKS_BENCH, else the first of build-f-rel/, build-release/, build/ that has one.
#   REPETITIONS=N (default 5) repetitions per benchmark; the medians are compared.
#   --strict (first argument after the binary) exits 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${OPENKS_BENCH:-}
if [[ $# -gt 0 && -x "$1" ]]; then
    bin=$1
    shift
fi
if [[ -z "$bin" ]]; then
    for candidate in build-f-rel/bin/openks_bench build-release/bin/openks_bench build/bin/openks_bench; do
        if [[ -x "$candidate" ]]; then
            bin=$candidate
            break
        fi
    done
fi
if [[ -z "$bin" || ! -x "$bin" ]]; then
    echo "compare.sh: no openks_bench binary; build one (cmake --build <dir> --target openks_bench) or pass its path" >&2
    exit 2
fi
strict=0
if [[ "${1:-}" == "--strict" ]]; then
    strict=1
    shift
fi

json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$bin" --benchmark_format=json --benchmark_repetitions="${REPETITIONS:-5}" \
    --benchmark_report_aggregates_only=true "$@" >"$json"

python3 - "$json" "$strict" <<'PY'
import json, sys

data = json.load(open(sys.argv[1]))
strict = sys.argv[2] == "1"
median = {}
for b in data["benchmarks"]:
    if b.get("aggregate_name") != "median" or b.get("error_occurred"):
        continue
    name = b["run_name"]
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    entry = {"cpu_ns": b["cpu_time"] * scale, "real_ns": b["real_time"] * scale}
    if "per_header" in b:
        entry["per_header_ns"] = b["per_header"] * 1e9  # an inverted rate: seconds of CPU per header
    if "allocs_per_request" in b:
        entry["allocs"] = b["allocs_per_request"]
    median[name] = entry

ctx = data.get("context", {})
print(f"openks_bench on {ctx.get('host_name', '?')}: {ctx.get('num_cpus', '?')} CPUs, "
      f"load {ctx.get('load_avg', ['?'])[0] if ctx.get('load_avg') else '?'}; medians of CPU time per iteration")
print()
for name, e in sorted(median.items()):
    extra = ""
    if "per_header_ns" in e:
        extra += f"  per header {e['per_header_ns']:8.1f} ns"
    if "allocs" in e:
        extra += f"  allocations/request {e['allocs']:.3f}"
    print(f"  {name:32s} {e['cpu_ns']:9.1f} ns CPU {e['real_ns']:9.1f} ns wall{extra}")
print()

gst = median.get("BM_Peer_GstPadPush_4KiB")
missed = 0
if gst is None:
    print("no BM_Peer_GstPadPush_4KiB result (built without GStreamer?): ratios to gst_pad_push unavailable")
else:
    def ratio(label, value, target):
        global missed
        r = value / gst["cpu_ns"]
        verdict = "meets" if r <= target else "MISSES"
        if r > target:
            missed += 1
        print(f"  {label:58s} {r:6.2f}x gst_pad_push  ({verdict} target <= {target}x)")

    print(f"ratios to gst_pad_push of 4 KiB into fakesink ({gst['cpu_ns']:.1f} ns):")
    for api, prefix in (("Win32 DeviceIoControl", "BM_"), ("C++ openks::Pin", "BM_Cpp_")):
        one = median.get(prefix + "WriteStream_1x4KiB")
        eight = median.get(prefix + "WriteStream_8x4KiB")
        if one:
            ratio(f"{api}: 1 header per request, round trip", one["cpu_ns"], 1.0)
        if eight:
            ratio(f"{api}: 8 headers per request, per header", eight["per_header_ns"], 0.25)
    pipe = median.get("BM_Peer_IoctlPipe")
    if pipe:
        print(f"  (a bare ioctl on a pipe is {pipe['cpu_ns'] / gst['cpu_ns']:.2f}x gst_pad_push)")
for name in ("BM_AllocationsPerRequest", "BM_Cpp_AllocationsPerRequest"):
    e = median.get(name)
    if e is not None and e.get("allocs", 0) != 0:
        print(f"  {name}: {e['allocs']} allocations per request in steady state (must be 0)")
        missed += 1
sys.exit(1 if strict and missed else 0)
PY

#!/usr/bin/env python3
"""Turns build/bench.sh's results.csv into the figures: a table and a goals summary on standard output, and on request
docs/benchmarks.md, docs/benchmarks.svg and a summary.json.

  report.py RESULTS.csv MACHINE.json [--summary FILE.json] [--markdown FILE.md] [--svg FILE.svg]
"""
import argparse
import csv
import json
import statistics
import sys
from collections import defaultdict

SAMPLES = ["console", "webapi", "bigdeps"]
SAMPLE_NAMES = {"console": "console app", "webapi": "web API (packages + project reference)",
                "bigdeps": "app with large NuGet dependencies"}
MODES = ["fd", "sc"]
MODE_NAMES = {"fd": "framework-dependent", "sc": "self-contained"}
SCENARIOS = ["cold", "nochange", "code", "package"]
SCENARIO_NAMES = {"cold": "cold", "nochange": "no change", "code": "code change", "package": "package change"}
TOOLS = ["sdk", "ours", "plain"]
TOOL_NAMES = {"sdk": "SDK PublishContainer", "ours": "Containerize.Tasks", "plain": "plain publish"}
COLORS = {"sdk": "#7a7a7a", "ours": "#1f77b4", "plain": "#c7d7e6"}


def number(value):
    return float(value) if value not in ("", None) else None


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def load(path):
    groups = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            groups[(row["sample"], row["mode"], row["scenario"], row["tool"])].append(row)
    return groups


def summarize(groups):
    cells = {}
    for key, rows in groups.items():
        cells[key] = {
            "runs": len(rows),
            "wall_s": median(number(r["wall_s"]) for r in rows),
            "wall_all": [number(r["wall_s"]) for r in rows],
            "max_rss_mib": median(number(r["max_rss_kb"]) / 1024 for r in rows if r["max_rss_kb"]),
            "pushed_blob_bytes": median(number(r["pushed_blob_bytes"]) for r in rows),
            "pushed_blob_bytes_max": max((number(r["pushed_blob_bytes"]) or 0 for r in rows), default=None),
            "pushed_blobs": median(number(r["pushed_blobs"]) for r in rows),
            "mounted_blobs": median(number(r["mounted_blobs"]) for r in rows),
            "manifest_puts": median(number(r["manifest_puts"]) for r in rows),
            "manifest_put_bytes": median(number(r["manifest_put_bytes"]) for r in rows),
            "stored_bytes": median(number(r["stored_bytes"]) for r in rows),
            "layers": median(number(r["layers"]) for r in rows),
            "image_bytes": median(number(r["image_bytes"]) for r in rows),
            "top_layer_bytes": median(number(r["top_layer_bytes"]) for r in rows),
            "top_plus_config_max": max(((number(r["top_layer_bytes"]) or 0) + (number(r["config_bytes"]) or 0)
                                        for r in rows), default=None),
            "manifest_bytes": median(number(r["manifest_bytes"]) for r in rows),
            "publish_bytes": median(number(r["publish_bytes"]) for r in rows),
            "load1": median(number(r.get("load1")) for r in rows),
        }
    return cells


def present(cells, what):
    return [x for x in what[0] if any(k[what[1]] == x for k in cells)]


def size(value):
    if value is None:
        return "–"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024


def seconds(value):
    return "–" if value is None else f"{value:.2f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def fmt_ratio(value):
    return "–" if value is None else f"{value:.2f}"


def goals(cells):
    """The brief's goals, each checked per sample and mode where the scenario was run."""
    results = []

    def add(goal, sample, mode, met, detail):
        results.append({"goal": goal, "sample": sample, "mode": mode, "met": met, "detail": detail})

    for sample in SAMPLES:
        for mode in MODES:
            get = lambda scenario, tool: cells.get((sample, mode, scenario, tool))
            ours, sdk, plain = get("code", "ours"), get("code", "sdk"), get("code", "plain")
            if ours:
                limit = ours["top_plus_config_max"]
                pushed = ours["pushed_blob_bytes_max"]
                add("code change: blob bytes ≤ app layer + config", sample, mode, pushed is not None and pushed <= limit,
                    f"{size(pushed)} pushed (largest run) vs {size(limit)}; plus {ours['manifest_puts']:.0f} manifest PUTs"
                    f" of {size(ours['manifest_bytes'])}")
                if sdk and mode == "sc":
                    r = ratio(ours["wall_s"], sdk["wall_s"])
                    add("code change: wall ≤ 0.5 × SDK (self-contained)", sample, mode, r is not None and r <= 0.5,
                        f"{seconds(ours['wall_s'])} s vs {seconds(sdk['wall_s'])} s = {fmt_ratio(r)}")
                if plain:
                    r = ratio(ours["wall_s"], plain["wall_s"])
                    add("code change: wall ≤ 1.15 × plain publish", sample, mode, r is not None and r <= 1.15,
                        f"{seconds(ours['wall_s'])} s vs {seconds(plain['wall_s'])} s = {fmt_ratio(r)}")
            ours, sdk = get("package", "ours"), get("package", "sdk")
            if ours and sdk and mode == "sc":
                r = ratio(ours["wall_s"], sdk["wall_s"])
                add("package change: wall ≤ 0.6 × SDK (self-contained)", sample, mode, r is not None and r <= 0.6,
                    f"{seconds(ours['wall_s'])} s vs {seconds(sdk['wall_s'])} s = {fmt_ratio(r)}")
            ours, plain = get("nochange", "ours"), get("nochange", "plain")
            if ours:
                pushed = ours["pushed_blob_bytes_max"]
                add("no change: 0 blob bytes", sample, mode, pushed == 0, f"{size(pushed)} (largest run)")
                if plain:
                    extra = ours["wall_s"] - plain["wall_s"]
                    add("no change: image step < 0.5 s over plain publish", sample, mode, extra < 0.5,
                        f"{seconds(ours['wall_s'])} s − {seconds(plain['wall_s'])} s = {extra:+.2f} s")
            ours, sdk = get("cold", "ours"), get("cold", "sdk")
            if ours and sdk:
                r = ratio(ours["wall_s"], sdk["wall_s"])
                add("cold: wall ≤ 0.9 × SDK", sample, mode, r is not None and r <= 0.9,
                    f"{seconds(ours['wall_s'])} s vs {seconds(sdk['wall_s'])} s = {fmt_ratio(r)}")
    return results


def table_rows(cells):
    rows = []
    for sample in SAMPLES:
        for mode in MODES:
            for scenario in SCENARIOS:
                sdk, ours, plain = (cells.get((sample, mode, scenario, t)) for t in TOOLS)
                if not (sdk or ours or plain):
                    continue
                wall = lambda c: c["wall_s"] if c else None
                extra = None if not (ours and plain) else ours["wall_s"] - plain["wall_s"]
                sdk_extra = None if not (sdk and plain) else sdk["wall_s"] - plain["wall_s"]
                rows.append({
                    "sample": sample, "mode": mode, "scenario": scenario,
                    "runs": max(c["runs"] for c in (sdk, ours, plain) if c),
                    "sdk_s": wall(sdk), "ours_s": wall(ours), "plain_s": wall(plain),
                    "ours_over_sdk": ratio(wall(ours), wall(sdk)), "ours_minus_plain_s": extra,
                    "sdk_minus_plain_s": sdk_extra,
                    "step_ratio": ratio(max(extra, 0.0), sdk_extra) if extra is not None and sdk_extra and sdk_extra > 0 else None,
                    "sdk_pushed": sdk and sdk["pushed_blob_bytes"], "ours_pushed": ours and ours["pushed_blob_bytes"],
                    "pushed_ratio": ratio(ours and ours["pushed_blob_bytes"], sdk and sdk["pushed_blob_bytes"]),
                    "sdk_layers": sdk and sdk["layers"], "ours_layers": ours and ours["layers"],
                    "sdk_rss": sdk and sdk["max_rss_mib"], "ours_rss": ours and ours["max_rss_mib"],
                    "plain_rss": plain and plain["max_rss_mib"],
                    "rss_ratio": ratio(ours and ours["max_rss_mib"], sdk and sdk["max_rss_mib"]),
                    "publish_bytes": (plain or ours or sdk)["publish_bytes"],
                })
    return rows


def markdown_table(rows):
    head = ["sample", "mode", "scenario", "runs", "SDK s", "ours s", "plain s", "ours/SDK", "image step SDK / ours s", "step ours/SDK",
            "pushed SDK", "pushed ours", "ours/SDK bytes", "layers SDK / ours", "peak RSS SDK / ours / plain MiB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join([" --- "] * len(head)) + "|"]
    for r in rows:
        layers = f"{r['sdk_layers']:.0f} / {r['ours_layers']:.0f}" if r["sdk_layers"] and r["ours_layers"] else "–"
        rss = " / ".join("–" if v is None else f"{v:.0f}" for v in (r["sdk_rss"], r["ours_rss"], r["plain_rss"]))
        extra = " / ".join("–" if v is None else f"{v:+.2f}" for v in (r["sdk_minus_plain_s"], r["ours_minus_plain_s"]))
        cells = [r["sample"], r["mode"], SCENARIO_NAMES[r["scenario"]], str(r["runs"]), seconds(r["sdk_s"]),
                 f"**{seconds(r['ours_s'])}**", seconds(r["plain_s"]), f"**{fmt_ratio(r['ours_over_sdk'])}**", extra, fmt_ratio(r["step_ratio"]),
                 size(r["sdk_pushed"]), size(r["ours_pushed"]), fmt_ratio(r["pushed_ratio"]), layers, rss]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def text_table(rows):
    header = f"{'sample':8} {'mode':4} {'scenario':14} {'SDK s':>7} {'ours s':>7} {'plain s':>7} {'ours/SDK':>8} {'ours-plain':>10} {'pushed SDK':>11} {'pushed ours':>11} {'layers':>7} {'RSS SDK/ours MiB':>17}"
    lines = [header, "-" * len(header)]
    for r in rows:
        layers = f"{r['sdk_layers']:.0f}/{r['ours_layers']:.0f}" if r["sdk_layers"] and r["ours_layers"] else "-"
        rss = f"{r['sdk_rss'] or 0:.0f}/{r['ours_rss'] or 0:.0f}"
        extra = "-" if r["ours_minus_plain_s"] is None else f"{r['ours_minus_plain_s']:+.2f}"
        lines.append(f"{r['sample']:8} {r['mode']:4} {SCENARIO_NAMES[r['scenario']]:14} {seconds(r['sdk_s']):>7} "
                     f"{seconds(r['ours_s']):>7} {seconds(r['plain_s']):>7} {fmt_ratio(r['ours_over_sdk']):>8} "
                     f"{extra:>10} {size(r['sdk_pushed']):>11} {size(r['ours_pushed']):>11} {layers:>7} {rss:>17}")
    return "\n".join(lines)


def esc(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg(cells):
    samples = present(cells, (SAMPLES, 0))
    modes = present(cells, (MODES, 1))
    scenarios = present(cells, (SCENARIOS, 2))
    panel_w, panel_h, gap, top, left = 470, 250, 30, 70, 20
    width = left * 2 + len(modes) * panel_w + (len(modes) - 1) * gap
    height = top + len(samples) * (panel_h + gap) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'font-family="DejaVu Sans, Verdana, sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">Median wall time of dotnet publish, seconds '
           f'(lower is better)</text>']
    x = left
    for tool in TOOLS:
        out.append(f'<rect x="{x}" y="36" width="12" height="12" fill="{COLORS[tool]}" stroke="#444" stroke-width="0.5"/>')
        out.append(f'<text x="{x + 17}" y="46">{esc(TOOL_NAMES[tool])}</text>')
        x += 30 + 7 * len(TOOL_NAMES[tool])
    for si, sample in enumerate(samples):
        for mi, mode in enumerate(modes):
            px = left + mi * (panel_w + gap)
            py = top + si * (panel_h + gap)
            values = [cells[k]["wall_s"] for k in cells if k[0] == sample and k[1] == mode]
            if not values:
                continue
            vmax = max(values) * 1.15 or 1
            plot_x, plot_y, plot_w, plot_h = px + 35, py + 22, panel_w - 45, panel_h - 55
            out.append(f'<text x="{px}" y="{py + 12}" font-weight="bold">{esc(SAMPLE_NAMES[sample])}, '
                       f'{esc(MODE_NAMES[mode])}</text>')
            step = nice_step(vmax)
            tick = 0.0
            while tick <= vmax:
                ty = plot_y + plot_h - tick / vmax * plot_h
                out.append(f'<line x1="{plot_x}" y1="{ty:.1f}" x2="{plot_x + plot_w}" y2="{ty:.1f}" stroke="#e3e3e3"/>')
                out.append(f'<text x="{plot_x - 4}" y="{ty + 4:.1f}" text-anchor="end" fill="#555">{tick:g}</text>')
                tick += step
            out.append(f'<line x1="{plot_x}" y1="{plot_y + plot_h}" x2="{plot_x + plot_w}" y2="{plot_y + plot_h}" stroke="#444"/>')
            group_w = plot_w / len(scenarios)
            bar_w = min(30, (group_w - 16) / len(TOOLS))
            for ci, scenario in enumerate(scenarios):
                gx = plot_x + ci * group_w + (group_w - bar_w * len(TOOLS)) / 2
                for ti, tool in enumerate(TOOLS):
                    cell = cells.get((sample, mode, scenario, tool))
                    if not cell or cell["wall_s"] is None:
                        continue
                    h = cell["wall_s"] / vmax * plot_h
                    bx, by = gx + ti * bar_w, plot_y + plot_h - h
                    out.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                               f'fill="{COLORS[tool]}" stroke="#444" stroke-width="0.5">'
                               f'<title>{esc(TOOL_NAMES[tool])}, {esc(SCENARIO_NAMES[scenario])}: '
                               f'{cell["wall_s"]:.2f} s (median of {cell["runs"]})</title></rect>')
                    out.append(f'<text x="{bx + (bar_w - 2) / 2:.1f}" y="{by - 3:.1f}" text-anchor="middle" '
                               f'font-size="9" fill="#333">{cell["wall_s"]:.1f}</text>')
                out.append(f'<text x="{plot_x + ci * group_w + group_w / 2:.1f}" y="{plot_y + plot_h + 15}" '
                           f'text-anchor="middle">{esc(SCENARIO_NAMES[scenario])}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def nice_step(vmax):
    for step in (0.5, 1, 2, 5, 10, 20, 50, 100):
        if vmax / step <= 6:
            return step
    return 200


def markdown(rows, goal_results, machine, cells):
    ran = machine
    goals_md = ["| goal | sample | mode | met | figures |", "| --- | --- | --- | --- | --- |"]
    for g in goal_results:
        goals_md.append(f"| {g['goal']} | {g['sample']} | {g['mode']} | {'yes' if g['met'] else '**no**'} | {g['detail']} |")
    met = sum(1 for g in goal_results if g["met"])
    sizes = []
    for sample in SAMPLES:
        for mode in MODES:
            c = cells.get((sample, mode, "nochange", "plain")) or cells.get((sample, mode, "cold", "plain"))
            ours = cells.get((sample, mode, "nochange", "ours")) or cells.get((sample, mode, "cold", "ours"))
            sdk = cells.get((sample, mode, "nochange", "sdk")) or cells.get((sample, mode, "cold", "sdk"))
            if c:
                image = lambda cell: "–" if not cell else f"{size(cell['image_bytes'])} ({cell['layers']:.0f} layers)"
                sizes.append(f"| {sample} | {mode} | {size(c['publish_bytes'])} | {image(sdk)} | {image(ours)} |")
    loads = [c["load1"] for c in cells.values() if c.get("load1") is not None]
    load_median = statistics.median(loads) if loads else None
    warnings = []
    if ran["runs"] < 5:
        warnings.append(f"This page comes from a short run ({ran['runs']} run{'s' if ran['runs'] != 1 else ''} per "
                        "scenario): its figures check that the benchmark works; they do not compare the tools.")
    if load_median is not None and load_median > ran["nproc"]:
        warnings.append(f"The machine was busy with other work (median 1-minute load {load_median:.1f} on "
                        f"{ran['nproc']} CPUs after each run): wall times are noisy and ratios may swing either way.")
    warning = "\n>\n".join(f"> **Note.** {w}" for w in warnings) + "\n" if warnings else ""
    load_row = f"{ran.get('load_start', '?')} at the start, {ran.get('load_end', '?')} at the end" + (
        f", median {load_median:.1f} after the runs" if load_median is not None else "")
    return f"""# Benchmarks

`dotnet publish -t:PublishLayeredImage` (Containerize.Tasks, "ours") against the .NET SDK's
`dotnet publish -t:PublishContainer` (Microsoft.NET.Build.Containers, "SDK"), both pushing to the same local
registry, with a plain `dotnet publish` of the same project in the same scenario for reference. Made by
`bash build/bench.sh`; rerun it to replace this page (see [how to rerun](#how-to-rerun)).

{warning}
## Machine and run

| | |
| --- | --- |
| CPUs (`nproc`) | {ran['nproc']} |
| CPU | {esc(ran['cpu'])} |
| memory | {ran['memory_gib']} GiB |
| OS, kernel | {esc(ran['os'])}, {esc(ran['kernel'])} |
| .NET SDK, runtime | {ran['sdk']}, {ran['runtime']} |
| registry | Debian's `docker-registry` {esc(ran['registry'])} on 127.0.0.1, plain HTTP, filesystem storage |
| date | {ran['date']} |
| load average (1, 5, 15 min) | {load_row} |
| plan | {ran['runs']} run{'s' if ran['runs'] != 1 else ''} per scenario ({ran['cold_runs']} cold, {ran.get('package_runs', ran['runs'])} package change); samples {ran['samples']}; modes {ran['modes']}; scenarios {ran['scenarios']} |
| whole benchmark | {ran['seconds'] // 60} min {ran['seconds'] % 60} s |

## Wall time, bytes pushed, layers, memory

Medians over the runs. *ours/SDK* is the ratio of median wall times (below 1: ours is faster); *image step* is
what each tool adds to a plain publish of the same project (median minus median, so noisy within ±0.3 s), and
*step ours/SDK* their ratio; *pushed* is the blob bytes (layers and config) the
registry received for the image's repository in that run (manifest PUTs apart); peak RSS is the largest process of
the publish.

{markdown_table(rows)}

![Median wall time per scenario: SDK, Containerize.Tasks and plain publish, for each sample and mode](benchmarks.svg)

Publish folder and image sizes (compressed layers and config, from the pushed manifests):

| sample | mode | publish folder | SDK image | our image |
| --- | --- | --- | --- | --- |
{chr(10).join(sizes)}

## Goals

Reported, not asserted: a noisy machine can move a ratio either way. {met} of {len(goal_results)} met.

{chr(10).join(goals_md)}

## Reading the figures

- **The SDK uploads its app layer on every publish**, even with no change: its layer tar (SDK 10.0.401) stamps every
  entry with the time of the build and lists files in directory order, so two publishes of the same output a minute
  apart have different layer digests (seen by unpacking two archives of the same publish folder). Its *no change*
  row therefore pushes the whole layer (the app, and for self-contained apps the runtime). Our layers have fixed
  times and sorted entries: an unchanged layer has the digest it had, is found by `HEAD` and is not sent.
- **Base layers were not sent by either tool** in our runs: both mount them from the base's repository of the same registry
  (the `mounted_blobs` column of `results.csv`).
- **Package-change runs only upgrade** (Newtonsoft.Json 11.0.1 → 12.0.1 → … → 13.0.4, one step per run, so at most
  6 runs). An incremental publish skips copying a package file whose new source is *older* than the copy already in
  `publish/` (the copy target's inputs/outputs check compares timestamps), so after a downgrade the old file stays
  in the publish folder and in either tool's image, and only `.deps.json` changes.
- **bigdeps**: ONNX Runtime's package copies its `win-x64` native files (`onnxruntime.dll`, 17 MB) through its own
  `.targets` as content items without NuGet metadata; a classification by item metadata alone puts them in the app
  layer, which then weighs megabytes: check *pushed ours* in its code-change rows.

## How to rerun

```
bash build/bench.sh                      # everything: 5 runs (3 cold), 35 to 40 minutes on 2 cores
bash build/bench.sh --runs 3             # the same plan with 3 runs (3 cold): about 27 minutes
bash build/bench.sh --quick              # one run of the console sample, no docs written
bash build/bench.sh --runs 3 --samples webapi --modes sc --scenarios code,nochange
```

It installs what it lacks (`docker-registry`, `skopeo`, `umoci`, GNU `time`), packs Containerize.Tasks from the
checkout (`build/pack.sh`), starts a registry on a free 127.0.0.1 port with storage in a temporary folder, makes and
pushes the bases, generates the samples under `artifacts/bench/work/`, runs the plan and writes this page and
`benchmarks.svg`. Raw results: `artifacts/bench/results.csv` (one row per run), `summary.json`, `machine.json` and
one log per publish in `artifacts/bench/logs/`. `bash build/bench.sh --help` lists the options.

## Method

- **Samples**, generated in `artifacts/bench/work/` (the repository's `samples/` are not touched): a console app with
  one small package (`build/bench/samples/console`); the web API of `samples/WebApi` with `samples/WebApi.Core`
  (three packages, one of them prerelease, and a project reference); an app whose NuGet dependencies put about
  80 MB into the publish folder (`build/bench/samples/bigdeps`: ONNX Runtime, Roslyn workspaces, SkiaSharp). Each is
  published for `linux-x64`, framework-dependent (`--self-contained false`) and self-contained (`--self-contained true`).
- **One copy per tool**, sample and mode, so the SDK, ours and the plain publish never share `obj/` or `bin/`. The
  SDK's copy has no Containerize.Tasks reference; the plain copy is ours (the package is imported, its target not run).
- **Bases**, from Debian packages: `build/make-debian-base.sh` (glibc, OpenSSL, ICU, …) for self-contained apps, and
  the same plus a layer with this machine's `dotnet` host, `Microsoft.NETCore.App` and `Microsoft.AspNetCore.App`
  (`DOTNET_ROOT=/usr/share/dotnet`) for framework-dependent ones; pushed by skopeo into the same registry.
- **Scenarios**, each run preceded by its preparation outside the timing:
  - *cold*: `bin/` and `obj/` deleted, the tool's layer cache emptied (ours: `-p:ContainerizeCacheDirectory`; the
    SDK: its content store, `$XDG_CACHE_HOME/dotnet/Containers`), a repository the registry has not seen. The restore that follows
    finds every package in the packages folder: no downloads are timed. Fewer runs than the others (3 by default,
    `--cold-runs`) so that the whole plan fits in 35 to 40 minutes on 2 cores (extrapolated from a one-run pass at a
    load of about 3 with the package before its layer cache: 38 minutes; a faster image step takes that down).
  - *no change*: publish again (after one untimed publish to the tool's steady repository).
  - *code change*: a string constant in `Program.cs` is changed before every run, so the app assembly really changes.
  - *package change*: Newtonsoft.Json is upgraded by one version in the project file before every run. Every version
    was restored up front, so the restore in the timing reads the packages folder and downloads nothing.
- **Order**: for each sample, mode, scenario and run: SDK, ours, plain, so slow drifts of the machine hit all three alike.
- **Same conditions for all three**: `-c Release -r linux-x64 -nologo -tl:off -nodeReuse:false -v:minimal`,
  `MSBUILDDISABLENODEREUSE=1`, one NuGet packages folder of the benchmark's own (`artifacts/bench/nuget-packages`),
  `TMPDIR` and `XDG_CACHE_HOME` in the benchmark's temporary folder,
  `DOTNET_CONTAINER_INSECURE_REGISTRIES` set to the registry (the SDK refuses plain HTTP on `127.0.0.1` without
  it; ours allows plain HTTP for loopback anyway). `dotnet build-server shutdown` is not run between runs: the
  compiler server stays warm as on a developer's machine, for every tool alike (and it is shared with other builds on
  the machine).
- **Wall time**: `date +%s%N` around `dotnet publish`, the whole command (restore, build, publish, image, push).
- **Bytes pushed** are counted by the registry: docker-registry's notifications (one event per blob committed after an
  upload, per mount, per manifest stored) go to `build/bench/registry.py`, which sums them per repository and run.
  A blob uploaded again into another repository counts again, although the registry stores its bytes only once;
  `stored_bytes` in `results.csv` is the growth of the registry's `blobs` folder, new content only.
- **Layers** and sizes: `skopeo inspect --raw --tls-verify=false` of the pushed `latest` tag.
- **Peak memory**: GNU `/usr/bin/time -f %M`: the largest resident set of the publish's processes that it waited
  for (the MSBuild process, where both container tasks run), not their sum; the compiler server is not counted.
- **Load**: the 1-minute load average after each run is in `results.csv` (`load1`); medians damp a busy machine,
  single runs do not.
"""


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("machine")
    parser.add_argument("--summary")
    parser.add_argument("--markdown")
    parser.add_argument("--svg")
    options = parser.parse_args(argv)
    cells = summarize(load(options.results))
    machine = json.load(open(options.machine, encoding="utf-8"))
    rows = table_rows(cells)
    goal_results = goals(cells)
    print()
    print(text_table(rows))
    print()
    print("Goals (reported, not asserted):")
    for g in goal_results:
        print(f"  [{'met' if g['met'] else 'NOT met'}] {g['goal']} — {g['sample']} {g['mode']}: {g['detail']}")
    met = sum(1 for g in goal_results if g["met"])
    print(f"  {met} of {len(goal_results)} met")
    if options.summary:
        json.dump({"machine": machine, "rows": rows, "goals": goal_results,
                   "cells": {"/".join(k): v for k, v in cells.items()}}, open(options.summary, "w"), indent=2)
    if options.svg:
        with open(options.svg, "w", encoding="utf-8") as sink:
            sink.write(svg(cells))
    if options.markdown:
        with open(options.markdown, "w", encoding="utf-8") as sink:
            sink.write(markdown(rows, goal_results, machine, cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

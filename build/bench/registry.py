#!/usr/bin/env python3
"""What build/bench.sh measures at the registry, and the rows it writes.

The byte count is the registry's: this is a sink for docker-registry's notifications.

The registry (CNCF distribution) posts an event for every blob it commits after an upload ("push", with the blob's
length), every cross-repository mount ("mount") and every manifest it stores ("push" of a manifest media type, once
per PUT: by digest and by each tag). These are what the registry received, whatever the client says; a blob that is
uploaded again into another repository counts again, although the registry stores its bytes only once.

  registry.py serve PORT FILE    append one JSON line per event to FILE (until killed)
  registry.py snapshot EVENTS BLOBS
                                 print how many events EVENTS holds and how many bytes the folder BLOBS holds
  registry.py record --events EVENTS --since N --blobs BLOBS --stored-before BYTES --registry HOST:PORT
                     [--repo REPO --manifest-puts N] --publish-dir DIR --results CSV
                     SAMPLE MODE SCENARIO RUN TOOL WALL_S MAX_RSS_KB EXIT
                                 wait (up to 10 s) until the registry has told of REPO's N manifest PUTs, sum REPO's
                                 events since line N, read the pushed image with `skopeo inspect --raw`, append one
                                 row to CSV and print a one-line description of it
"""
import argparse
import csv
import http.server
import json
import os
import subprocess
import sys
import threading
import time

MANIFEST_TYPES = {
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
}


def serve(port: int, path: str) -> None:
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the stdlib's name)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            try:
                events = json.loads(body or b"{}").get("events", [])
            except ValueError:
                events = []
            lines = []
            for event in events:
                target = event.get("target", {})
                lines.append(json.dumps({
                    "action": event.get("action"),
                    "repository": target.get("repository"),
                    "mediaType": target.get("mediaType"),
                    "digest": target.get("digest"),
                    "length": target.get("length") or target.get("size") or 0,
                    "tag": target.get("tag"),
                    "from": target.get("fromRepository"),
                    "agent": event.get("request", {}).get("useragent"),
                    "time": event.get("timestamp"),
                }))
            with lock, open(path, "a", encoding="utf-8") as sink:
                for line in lines:
                    sink.write(line + "\n")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.serve_forever()


def read(path: str) -> list:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as source:
        return [json.loads(line) for line in source if line.strip()]


def summarize(events: list, repo: str) -> dict:
    result = {"blob_bytes": 0, "blobs": 0, "mounts": 0, "manifest_bytes": 0, "manifests": 0}
    for event in events:
        if event.get("repository") != repo:
            continue
        if event["action"] == "push" and event.get("mediaType") in MANIFEST_TYPES:
            result["manifest_bytes"] += int(event["length"])
            result["manifests"] += 1
        elif event["action"] == "push":
            result["blob_bytes"] += int(event["length"])
            result["blobs"] += 1
        elif event["action"] == "mount":
            result["mounts"] += 1
    return result


def manifest(registry: str, repo: str, tag: str) -> dict:
    raw = subprocess.run(["skopeo", "inspect", "--raw", "--tls-verify=false", f"docker://{registry}/{repo}:{tag}"],
                         check=True, capture_output=True).stdout
    document = json.loads(raw)
    layers = document.get("layers", [])
    return {
        "layers": len(layers),
        "image_bytes": sum(int(layer["size"]) for layer in layers) + int(document["config"]["size"]),
        "top_layer_bytes": int(layers[-1]["size"]) if layers else 0,
        "config_bytes": int(document["config"]["size"]),
        "manifest_bytes": len(raw),
    }


def folder_bytes(path: str) -> int:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except FileNotFoundError:
                pass
    return total


COLUMNS = ["sample", "mode", "scenario", "run", "tool", "wall_s", "max_rss_kb", "pushed_blob_bytes", "pushed_blobs",
           "mounted_blobs", "manifest_puts", "manifest_put_bytes", "stored_bytes", "layers", "image_bytes",
           "top_layer_bytes", "config_bytes", "manifest_bytes", "publish_bytes", "exit", "load1"]


def size(value) -> str:
    value = float(value)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(value)


def record(argv: list) -> int:
    parser = argparse.ArgumentParser(prog="registry.py record")
    for name in ("--events", "--blobs", "--registry", "--publish-dir", "--results"):
        parser.add_argument(name, required=True)
    parser.add_argument("--since", type=int, required=True)
    parser.add_argument("--stored-before", type=int, required=True)
    parser.add_argument("--repo")
    parser.add_argument("--manifest-puts", type=int, default=1)
    parser.add_argument("values", nargs=8)
    options = parser.parse_args(argv)
    sample, mode, scenario, run, tool, wall, rss, exit_code = options.values
    push, image = {}, {}
    if options.repo:
        # The first manifest event may take a moment (delivery is asynchronous); after it, the others the tool is
        # expected to PUT come within milliseconds, so a tool that PUTs fewer costs a second, not ten.
        deadline = time.monotonic() + 10
        while True:
            push = summarize(read(options.events)[options.since:], options.repo)
            if push["manifests"] >= options.manifest_puts or time.monotonic() >= deadline:
                break
            if push["manifests"] > 0:
                deadline = min(deadline, time.monotonic() + 1)
            time.sleep(0.05)
        if push["manifests"] < options.manifest_puts:
            print(f"registry.py: the registry told of {push['manifests']} of {options.manifest_puts} manifest PUTs to "
                  f"{options.repo}; this run's byte count may be short", file=sys.stderr)
        image = manifest(options.registry, options.repo, "latest")
    stored = folder_bytes(options.blobs) - options.stored_before
    values = [sample, mode, scenario, run, tool, wall, rss, push.get("blob_bytes", ""), push.get("blobs", ""),
              push.get("mounts", ""), push.get("manifests", ""), push.get("manifest_bytes", ""), stored,
              image.get("layers", ""), image.get("image_bytes", ""), image.get("top_layer_bytes", ""),
              image.get("config_bytes", ""), image.get("manifest_bytes", ""), folder_bytes(options.publish_dir),
              exit_code, f"{os.getloadavg()[0]:.2f}"]
    new_file = not os.path.exists(options.results) or os.path.getsize(options.results) == 0
    with open(options.results, "a", newline="", encoding="utf-8") as sink:
        if new_file:
            csv.writer(sink, lineterminator="\n").writerow(COLUMNS)
        csv.writer(sink, lineterminator="\n").writerow(values)
    text = f"RSS {int(rss) / 1024:.0f} MiB"
    if push:
        text = (f"pushed {size(push['blob_bytes'])} in {push['blobs']} blobs, {push['mounts']} mounted, "
                f"{push['manifests']} manifest PUTs; {image['layers']} layers; " + text)
    print(text)
    return 0


def main(argv: list) -> int:
    if len(argv) == 3 and argv[0] == "serve":
        serve(int(argv[1]), argv[2])
        return 0
    if len(argv) == 3 and argv[0] == "snapshot":
        print(len(read(argv[1])), folder_bytes(argv[2]))
        return 0
    if argv and argv[0] == "record":
        return record(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

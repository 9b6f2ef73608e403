"""Latency of `ssotlint server`, driven over stdio as an editor drives it.

Usage: python3 bench/server_latency.py [SSOTLINT] [WORKSPACE] [EDITS]
  SSOTLINT   the binary (default target/release/ssotlint)
  WORKSPACE  the folder the editor opens (default /work/bench-corpus/py, 75 MB of Python)
  EDITS      edits per measurement (default 30)

Prints three latencies, each the time from sending a message to receiving the diagnostics it
causes (the server's 10 ms debounce included):
  start-up    initialize -> the first diagnostics of an opened file (the whole scan)
  per-file    an edit of a real file of about 2,000 lines -> its fresh diagnostics
  repo-wide   an edit of one file that changes a repository-wide fact (a connection pool
              strategy) -> the fresh diagnostics of another open file that it changes
and the server's peak memory. The repository-wide case is four unsaved buffers the editor
never writes, choosing SQL Server pools (the default corpus has one such site, a sized
pool): two sized pools (a, b) and two `NullPool`s; b moving to `NullPool` and back flips the
majority, and with it a's finding.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


class Server:
    def __init__(self, binary, root):
        self.process = subprocess.Popen([binary, "server"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def read(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("the server exited")
            line = line.strip()
            if not line:
                break
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def wait_for(self, wanted):
        while True:
            message = self.read()
            if wanted(message):
                return message

    def diagnostics_of(self, uri):
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]


def two_thousand_line_file(root):
    """The Python file whose line count is closest to 2,000, outside test code (which the
    default settings skip)."""
    best, best_gap = None, None
    for path in sorted(Path(root).rglob("*.py")):
        if "tests" in path.parts or "test" in path.parts or path.name.startswith("test_") or path.name == "conftest.py":
            continue
        try:
            lines = path.read_text(encoding="utf-8").count("\n")
        except (UnicodeDecodeError, OSError):
            continue
        gap = abs(lines - 2000)
        if best_gap is None or gap < best_gap:
            best, best_gap = path, gap
    return best


def summary(name, samples):
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(f"{name:<10} median {statistics.median(ms):7.1f} ms   p90 {p90:7.1f} ms   max {ms[-1]:7.1f} ms   ({len(ms)} edits)")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/ssotlint")
    root = Path(sys.argv[2] if len(sys.argv) > 2 else "/work/bench-corpus/py").resolve()
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    target = two_thousand_line_file(root)
    text = target.read_text(encoding="utf-8")
    print(f"workspace {root}; edited file {target.relative_to(root)} ({text.count(chr(10))} lines)")

    start = time.perf_counter()
    server = Server(binary, root)
    server.response = server.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
    server.wait_for(lambda m: m.get("id") == server.response)
    server.notify("initialized", {})
    uri = target.as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    server.diagnostics_of(uri)
    print(f"start-up   {(time.perf_counter() - start) * 1000:7.1f} ms (scan of the workspace and the first file)")

    # Per file: a line that reads DATABASE_URL appears and goes, at the end of the file.
    samples = []
    for version in range(2, edits + 2):
        edited = text + ('\nimport os\nDB = os.environ["DATABASE_URL"]\n' if version % 2 else "")
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]})
        server.diagnostics_of(uri)
        samples.append(time.perf_counter() - sent)
    summary("per-file", samples)

    pool = 'from sqlalchemy import create_engine\nengine = create_engine("mssql+pyodbc://app@db/app", {})\n'
    uris = {name: (root / f"ssotlint_bench_{name}.py").as_uri() for name in "abcd"}
    buffers = (("a", "pool_size=5"), ("b", "pool_size=5"), ("c", "poolclass=NullPool"), ("d", "poolclass=NullPool"))
    for name, strategy in buffers:
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uris[name], "languageId": "python", "version": 1, "text": pool.format(strategy)}})
        server.diagnostics_of(uris[name])
    samples = []
    for version in range(2, edits + 2):
        strategy = "poolclass=NullPool" if version % 2 == 0 else "pool_size=5"
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uris["b"], "version": version}, "contentChanges": [{"text": pool.format(strategy)}]})
        found = server.diagnostics_of(uris["a"])
        samples.append(time.perf_counter() - sent)
        flagged = any(d.get("code") == "inconsistent-pool" for d in found)
        if flagged != (version % 2 == 0):
            raise SystemExit(f"unexpected diagnostics for the other file after edit {version}: {found}")
    summary("repo-wide", samples)

    with open(f"/proc/{server.process.pid}/status") as status:
        peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), None)
    if peak:
        print(f"memory     peak {int(peak) / 1024:.0f} MB (the workspace's results kept in memory)")
    shutdown = server.request("shutdown", None)
    server.wait_for(lambda m: m.get("id") == shutdown)
    server.notify("exit", None)
    server.process.wait(timeout=10)


if __name__ == "__main__":
    main()

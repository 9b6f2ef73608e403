"""Writes the files of a bare repository's newest commit (or COMMIT) into a directory.

Usage: python3 bench/checkout.py GIT_DIR OUT_DIR [COMMIT]

Blobs that a partial snapshot lacks (the workplace's `fetch` leaves out files of 4 MiB and
more) are skipped; `git archive` would stop at the first one.
"""
import os, subprocess, sys, tempfile
git_dir, out = sys.argv[1], sys.argv[2]
commit = sys.argv[3] if len(sys.argv) > 3 else "HEAD"
listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", commit], capture_output=True, check=True).stdout
entries = []
for record in listing.split(b"\0"):
    if not record:
        continue
    meta, path = record.split(b"\t", 1)
    mode, kind, oid = meta.split()
    if kind == b"blob" and mode in (b"100644", b"100755"):
        entries.append((oid, path))
# The object ids go in through a file: written to a pipe, they would fill it while git waits
# for its output to be read.
ids = tempfile.TemporaryFile()
ids.write(b"".join(oid + b"\n" for oid, _ in entries))
ids.seek(0)
batch = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=ids, stdout=subprocess.PIPE)
for oid, path in entries:
    header = batch.stdout.readline().split()
    if header[-1] == b"missing":
        continue
    data = batch.stdout.read(int(header[2]))
    batch.stdout.read(1)
    target = os.path.join(out.encode(), path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(data)

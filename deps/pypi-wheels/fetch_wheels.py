"""Downloads pinned PyPI wheels into a cache directory, verified.

    python3 fetch_wheels.py <pins.json> <cache-dir>

<pins.json> is { "wheels": [ { "name", "version", "file", "url", "sha256", "size" } ] }.
A wheel already in the cache with the pinned size and sha256 is kept; any
other is downloaded beside it, checked, and only then renamed into place, so
an interrupted or tampered download never takes a pinned file's name.
Only the standard library is used: this runs before anything is installed.
"""
import hashlib
import json
import os
import sys
import tempfile
import urllib.request


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_pinned(path: str, wheel: dict) -> bool:
    return os.path.isfile(path) and os.path.getsize(path) == wheel["size"] and sha256_of(path) == wheel["sha256"]


def fetch(wheel: dict, cache: str) -> None:
    if os.path.basename(wheel["file"]) != wheel["file"] or not wheel["file"].endswith(".whl"):
        raise SystemExit(f"fetch_wheels: {wheel['file']!r} is not a plain wheel file name")
    target = os.path.join(cache, wheel["file"])
    if is_pinned(target, wheel):
        return
    print(f"setup: downloading {wheel['file']} ({wheel['size'] >> 20} MiB)")
    fd, partial = tempfile.mkstemp(dir=cache, prefix=".partial-")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(wheel["url"], timeout=60) as response:
            while block := response.read(1 << 20):
                out.write(block)
        if not is_pinned(partial, wheel):
            raise SystemExit(
                f"fetch_wheels: {wheel['url']} is not the pinned file "
                f"(expected {wheel['size']} bytes, sha256 {wheel['sha256']}; got "
                f"{os.path.getsize(partial)} bytes, sha256 {sha256_of(partial)})")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def main() -> None:
    pins, cache = sys.argv[1], sys.argv[2]
    os.makedirs(cache, exist_ok=True)
    with open(pins) as f:
        for wheel in json.load(f)["wheels"]:
            fetch(wheel, cache)


if __name__ == "__main__":
    main()

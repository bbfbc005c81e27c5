"""Extracts part of a wheel (a zip) into a directory, whole or not at all.

    python3 extract_wheel.py <wheel> <dest-dir> <member-prefix>...

Members whose names start with one of the prefixes are extracted below
<dest-dir>, keeping their paths, into a temporary directory beside it that
is renamed into place at the end; an existing <dest-dir> is left alone.
Used for the runtime libraries and headers the wasi_nn backends build and
test against, which need no Python (and so no matching Python version).
"""
import os
import shutil
import stat
import sys
import tempfile
import zipfile


def main() -> None:
    wheel, dest, prefixes = sys.argv[1], sys.argv[2], tuple(sys.argv[3:])
    if os.path.exists(dest):
        return
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    staging = tempfile.mkdtemp(dir=os.path.dirname(dest), prefix=".partial-")
    try:
        with zipfile.ZipFile(wheel) as archive:
            members = [m for m in archive.infolist() if m.filename.startswith(prefixes)]
            if not members:
                raise SystemExit(f"extract_wheel: {wheel} has nothing under {', '.join(prefixes)}")
            for member in members:
                path = archive.extract(member, staging)  # zipfile refuses paths that leave `staging`
                mode = member.external_attr >> 16
                if mode & stat.S_IXUSR:
                    os.chmod(path, 0o755)
        os.rename(staging, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":
    main()

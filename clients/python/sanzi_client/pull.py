"""Pulls the next bundle of the inventory or the listings and keeps the cursor.

    python -m sanzi_client.pull inventory|listings --scope 360502 --state state.json --out DIR
        [--server HOST:PORT] [--token-file FILE] [--ca-cert PEM [--client-cert PEM --client-key PEM]]

The token comes from ``--token-file`` or the ``SANZI_TOKEN`` environment variable, the server
from ``--server`` or ``SANZI_SERVER`` (default ``127.0.0.1:50051``).

Each pull takes the bundle after the cursor saved in the state file (a full bundle the first
time) into ``DIR/<kind>-<scope>-<NNNNNN>`` (NNNNNN counts the bundles of that kind and scope):
the files stream into a hidden folder, are checked against the manifest and synced to disk, the
folder is renamed into place, and only then is the new cursor written to the state file
(atomically: a temporary file, fsync, rename). If a pull stops after the folder is in place but
before the state is written, the next pull finds that complete folder, checks it, and records
its cursor instead of taking a new bundle: a numbered folder, once complete, never changes, so
no batch is lost or applied twice. Apply the folders in the order of their numbers. The first
(full) bundle of a scope always writes its folder; a later bundle with no rows in scope writes
no folder, and the cursor still moves on.

A lock file beside the state file keeps two pulls of the same state from running at once.

Exit status: 0 done, 1 refused by the server or a bundle that does not check, 2 bad arguments or
an unreadable state file, 3 the server cannot be reached.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import sys
from pathlib import Path

import grpc

from sanzi_client.client import KINDS, BundleError, Client, Manifest, SanziError, _fsync_dir, verify

STATE_VERSION = 1


def load_state(path: Path) -> dict:
    """The state file's content, or an empty state when it does not exist yet."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": STATE_VERSION, "pulls": {}}
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not a sanzi_client state file ({e})") from e
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise ValueError(f"{path}: not a sanzi_client state file (version {STATE_VERSION})")
    state.setdefault("pulls", {})
    return state


def save_state(path: Path, state: dict) -> None:
    """Replaces the state file atomically: written beside it, synced, renamed over it."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


@contextlib.contextmanager
def _locked(state_path: Path):
    """Holds an exclusive lock on ``<state>.lock`` while a pull runs."""
    lock = state_path.with_name(f".{state_path.name}.lock")
    with open(lock, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ValueError(f"another pull is using {state_path}; try again when it has finished") from None
        yield


def pull(client: Client, kind: str, scope: str, state_path: Path, out: Path, progress=None) -> tuple[Manifest, Path | None]:
    """Takes the next bundle; returns its manifest and folder (``None`` when it had no rows)."""
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(state_path):
        return _pull(client, kind, scope, state_path, out, progress)


def _record(state: dict, key: str, entry: dict, manifest: Manifest, folder: str | None) -> None:
    bundles = entry["bundles"]
    if folder is not None:
        bundles = [*bundles, {"folder": folder, "since": manifest.since, "next": manifest.next, "rows": manifest.rows}]
    state["pulls"][key] = {"next": manifest.next, "bundles": bundles}


def _pull(client: Client, kind: str, scope: str, state_path: Path, out: Path, progress) -> tuple[Manifest, Path | None]:
    state = load_state(state_path)
    key = f"{kind}:{scope}"
    entry = state["pulls"].get(key, {"next": "", "bundles": []})
    since = entry["next"]
    name = f"{kind}-{scope}-{len(entry['bundles']) + 1:06d}"
    final = out / name
    if (final / "manifest.json").exists():
        # A pull that stopped after its folder was complete, before the state was written: that
        # folder is this bundle. It is kept as it is (a consumer may have applied it already).
        try:
            done = verify(final)
        except BundleError:
            done = None
        if done is not None and (done.since or "") == since and done.format == KINDS[kind]:
            _record(state, key, entry, done, name)
            save_state(state_path, state)
            return done, final
    out.mkdir(parents=True, exist_ok=True)
    partial = out / f".{name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir()
    try:
        manifest = client.export_to(kind, scope, since, partial, progress)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if manifest.rows == 0 and since:
        # Nothing in scope changed up to `next`: no folder to apply, the cursor moves on.
        shutil.rmtree(partial)
        _record(state, key, entry, manifest, None)
        save_state(state_path, state)
        return manifest, None
    if final.exists():
        # An incomplete folder (no manifest) left by a stopped pull.
        shutil.rmtree(final)
    os.rename(partial, final)
    _fsync_dir(out)
    _record(state, key, entry, manifest, name)
    save_state(state_path, state)
    return manifest, final


def _progress(done: int, total: int) -> None:
    percent = 100 if total == 0 else done * 100 // total
    filled = percent * 30 // 100
    print(f"\r[{'#' * filled}{'-' * (30 - filled)}] {percent:3d}%", end="", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sanzi_client.pull", description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("--scope", required=True, help="county (6 digits), township (9) or village (12)")
    parser.add_argument("--state", required=True, type=Path, help="the state file keeping the cursors")
    parser.add_argument("--out", required=True, type=Path, help="the folder the bundle folders go in")
    parser.add_argument("--server", default=os.environ.get("SANZI_SERVER", "127.0.0.1:50051"))
    parser.add_argument("--token-file", type=Path, help="a file holding the token (else SANZI_TOKEN)")
    parser.add_argument("--ca-cert", type=Path, help="the CA certificate (PEM) of a TLS server")
    parser.add_argument("--client-cert", type=Path, help="this client's certificate (PEM), for mutual TLS")
    parser.add_argument("--client-key", type=Path, help="this client's private key (PEM), for mutual TLS")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    token = args.token_file.read_text(encoding="utf-8").strip() if args.token_file else os.environ.get("SANZI_TOKEN", "")
    if not token:
        parser.error("no token: pass --token-file or set SANZI_TOKEN")
    try:
        with Client(args.server, token, args.ca_cert, args.client_cert, args.client_key) as client:
            manifest, folder = pull(client, args.kind, args.scope, args.state, args.out, None if args.quiet else _progress)
    except SanziError as e:
        if e.code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
            print(f"\nerror: cannot reach the server at {args.server}: {e.message}", file=sys.stderr)
            return 3
        print(f"\nerror: the server refused: {e}", file=sys.stderr)
        return 1
    except BundleError as e:
        print(f"\nerror: the bundle does not check, nothing saved: {e}", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"\nerror: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"\nerror: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(file=sys.stderr)
    if folder is None:
        print(f"no rows changed in scope since {manifest.since}; no folder written, cursor now {manifest.next}")
        return 0
    counts = "  ".join(f"{k} {v}" for k, v in manifest.counts.items())
    print(f"{folder}: {manifest.rows} rows ({counts}); next {manifest.next}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

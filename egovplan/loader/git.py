"""Reading a file as it was at a git revision (`REV:path`), with `git show` and no shell."""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
from pathlib import Path

from egovplan.findings import Finding
from egovplan.loader.reader import FileUnreadableError, too_large


def revision_path(revision: str, path: str) -> str:
    """`REV:path` for `git show`, with `path` taken relative to the current directory.

    Raises `FileUnreadableError` when `path` is not inside the git repository that holds the
    current directory (or there is none)."""
    top_text = _git(["rev-parse", "--show-toplevel"]).decode(errors="surrogateescape").strip()
    top = Path(top_text).resolve()
    try:
        # a symbolic link is followed to the file it names now (git keeps a link as the text
        # of its target, which is no roadmap)
        inside = Path(path).resolve().relative_to(top)
    except ValueError:
        raise FileUnreadableError(
            f"{path}: not inside the git repository at {top_text}; run egovplan from the "
            "repository that holds the file") from None
    return f"{revision}:{inside.as_posix()}"


def read_revision(spec: str, max_bytes: int) -> bytes | Finding:
    """The bytes of `REV:path` as `git show REV:path` prints them (the path is taken as git
    takes it: from the top of the repository, or from the current directory when it starts
    with `./`), or a `too-large` finding, as for a file, when they are more than `max_bytes`.
    Raises `FileUnreadableError` when git is missing or the revision or path does not
    exist."""
    revision, _, path = spec.partition(":")
    if not revision or not path or revision.startswith("-"):  # `-…` would reach git as an option
        raise FileUnreadableError(f"{spec}: not a file, nor a git revision REV:path")
    try:
        kind = _git(["cat-file", "-t", spec]).decode(errors="replace").strip()
    except FileUnreadableError as error:
        if "not a git repository" not in str(error):
            hint = _relative_hint(revision, path) if "does not exist" in str(error) \
                and not path.startswith(("./", "../", "/")) else ""
            if hint:
                raise FileUnreadableError(f"{error}{hint}") from None
            raise
        raise FileUnreadableError(f"{spec}: no such file, and no git repository here to read "
                                  "it as a revision REV:path") from None
    if kind != "blob":  # a tree lists its files, which are no roadmap
        what = "a directory" if kind == "tree" else f"a {kind}, not a file"
        raise FileUnreadableError(f"{spec}: is {what} at that revision; name a roadmap file")
    _refuse_link(revision, path)
    size = int(_git(["cat-file", "-s", spec]).decode(errors="replace").strip() or 0)
    if size > max_bytes:  # measured before it is read, as a file is
        return too_large(spec, f"the file is {size:,} bytes at that revision, over the "
                                     f"limit of {max_bytes:,} bytes")
    data = _git(["show", spec])
    if len(data) > max_bytes:
        return too_large(spec, f"the input is longer than the limit of {max_bytes:,} "
                                     "bytes")
    return data


def _refuse_link(revision: str, path: str) -> None:
    """Raises `FileUnreadableError` where `REV:path` is a symbolic link: git keeps a link as
    the text of its target, which is no roadmap (it was read as one: "key with no value")."""
    folder, _, name = path.rpartition("/")
    tree = f"{revision}:{folder}/" if folder else f"{revision}:"
    try:  # the link's mode, 120000, is in its folder's listing (literal: a name may hold `*`)
        listing = _git(["--literal-pathspecs", "ls-tree", "--full-tree", "-z", tree, "--",
                        name])
    except FileUnreadableError:
        return
    mode = listing.split(b" ", 1)[0]
    if mode != b"120000":
        return
    target = _git(["cat-file", "blob", f"{revision}:{path}"]).decode(errors="replace")
    if posixpath.isabs(target):  # outside any revision: nothing to name instead
        raise FileUnreadableError(
            f"{revision}:{path}: is a symbolic link at that revision to '{target}', outside "
            "the repository; git keeps a link as the text of its target, not the file")
    followed = posixpath.normpath(posixpath.join(folder, target))
    if path.startswith(("./", "../")) and not followed.startswith("../"):
        followed = f"./{followed}"  # from the current directory, as the link was named
    raise FileUnreadableError(
        f"{revision}:{path}: is a symbolic link at that revision (to '{target}'), which git "
        f"keeps as the text of its target; name the file it points to: "
        f"'{revision}:{followed}'")


def _relative_hint(revision: str, path: str) -> str:
    """`; did you mean 'REV:./path'?` where `REV:path` names no file because git reads the
    path from the repository's top, but `REV:./path` (from the current directory) does."""
    try:
        found = _git(["cat-file", "-t", f"{revision}:./{path}"]).strip() == b"blob"
    except FileUnreadableError:
        return ""
    return (f"; did you mean '{revision}:./{path}'? (after ':' git reads a path from the top "
            "of the repository; './' reads it from the current directory)") if found else ""


def _git(arguments: list[str]) -> bytes:
    executable = shutil.which("git")
    if executable is None:
        raise FileUnreadableError("git is not installed, so REV:path cannot be read")
    # git's own words in English, whatever the user's language: they are matched above
    environment = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}
    result = subprocess.run([executable, *arguments], capture_output=True, check=False,  # noqa: S603 - fixed program, no shell
                            env=environment)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise FileUnreadableError(f"git {arguments[0]} failed: {message[-1] if message else ''}")
    return result.stdout

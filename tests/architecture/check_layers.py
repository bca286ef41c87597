#!/usr/bin/env python3
"""Checks every #include in converter/ against the layer table converter/layers.txt.

A file may include headers of its own layer and of the layers its layer uses, directly or
through them; a header of a layer above or beside its own is a wrong-way include, reported
with file, line and the fix. Every source file must belong to exactly one layer (a folder the
table names, or a pattern such as src/constructs/*/*_read.cpp that assigns the files of the
construct folders by suffix), and every quoted include must resolve to a file in the tree. The same table drives the per-layer
libraries in converter/CMakeLists.txt (docs/architecture.md).

Usage: check_layers.py [--root REPO]   exit 0: clean; 1: wrong-way or unresolved includes,
files without a layer; 2: the table itself is wrong.
"""

import argparse
import os
import re
import sys
from collections import namedtuple

SOURCE_TREES = ("src", "include", "suggest", "watch", "cli", "wasm")
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h")
# Where a quoted include is looked up, after the including file's own folder: the include
# directories the targets in converter/CMakeLists.txt give their sources.
INCLUDE_DIRS = ("src", "include", ".", "suggest/include", "watch/include")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


class TableError(Exception):
    pass


# owns: owned path (folder or file) -> layer; patterns: [(compiled pattern, text, layer)].
Ownership = namedtuple("Ownership", "owns patterns")


def compile_pattern(text):
    """A layers.txt pattern as a regular expression: '*' is any part of one name, not '/'."""
    return re.compile("".join("[^/]*" if part == "*" else re.escape(part)
                              for part in re.split(r"(\*)", text)) + "$")


def read_table(path):
    """Returns (uses, ownership): layer -> list of layers it uses; what each layer owns."""
    uses, owns, patterns = {}, {}, []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) < 2 or words[1] not in ("uses", "owns"):
                raise TableError(f"{path}:{number}: expected '<layer> uses|owns ...'")
            layer, verb, items = words[0], words[1], words[2:]
            uses.setdefault(layer, [])
            if verb == "uses":
                uses[layer].extend(items)
                continue
            for item in items:
                item = item.rstrip("/")
                if item in owns or item in (text for _, text, _ in patterns):
                    other = owns.get(item) or next(l for _, t, l in patterns if t == item)
                    raise TableError(f"{path}:{number}: {item} is owned by {other} already")
                if "*" in item:
                    patterns.append((compile_pattern(item), item, layer))
                else:
                    owns[item] = layer
    for layer, used in uses.items():
        for other in used:
            if other not in uses:
                raise TableError(f"{path}: layer {layer} uses unknown layer {other}")
    return uses, Ownership(owns, patterns)


def reachable(uses):
    """layer -> every layer it may use (directly or through others); raises on a cycle."""
    closure, visiting = {}, set()

    def visit(layer):
        if layer in closure:
            return closure[layer]
        if layer in visiting:
            raise TableError(f"the layers form a cycle through {layer}")
        visiting.add(layer)
        below = set()
        for other in uses[layer]:
            below.add(other)
            below |= visit(other)
        visiting.discard(layer)
        closure[layer] = below
        return below

    for layer in uses:
        visit(layer)
    return closure


def claims(rel, ownership):
    """Every (layer, entry) of the table claiming a path relative to converter/: the longest
    owned folder or file holding it, and each pattern it matches."""
    found = []
    parts = rel.split("/")
    for n in range(len(parts), 0, -1):
        entry = "/".join(parts[:n])
        if entry in ownership.owns:
            found.append((ownership.owns[entry], entry))
            break
    found += [(layer, text) for pattern, text, layer in ownership.patterns if pattern.match(rel)]
    return found


def owner(rel, ownership):
    """The layer owning a path relative to converter/, or None (none, or two, claim it)."""
    found = claims(rel, ownership)
    return found[0][0] if len(found) == 1 else None


def source_files(converter):
    for tree in SOURCE_TREES:
        for folder, dirs, files in os.walk(os.path.join(converter, tree)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(SOURCE_SUFFIXES):
                    path = os.path.join(folder, name)
                    yield os.path.relpath(path, converter).replace(os.sep, "/")


def resolve(converter, including, header):
    """The included file relative to converter/, or None when it is not in the tree."""
    for base in (os.path.dirname(including),) + INCLUDE_DIRS:
        candidate = os.path.normpath(os.path.join(base, header)).replace(os.sep, "/")
        if not candidate.startswith("..") and os.path.isfile(os.path.join(converter, candidate)):
            return candidate
    return None


def check(root):
    """Problems found (one line each) in the tree at root; raises TableError."""
    converter = os.path.join(root, "converter")
    uses, owns = read_table(os.path.join(converter, "layers.txt"))
    below = reachable(uses)
    problems, checked = [], 0
    for rel in source_files(converter):
        found = claims(rel, owns)
        where = f"converter/{rel}"
        if not found:
            problems.append(f"{where}: belongs to no layer; add it (or its folder) to "
                            "converter/layers.txt with an 'owns' line (in a construct folder: "
                            "name it <construct>_parse, _read or _write)")
            continue
        if len(found) > 1:
            entries = " and ".join(f"{entry} ({layer})" for layer, entry in found)
            problems.append(f"{where}: belongs to two lines of converter/layers.txt, {entries}; "
                            "a file belongs to one layer")
            continue
        layer = found[0][0]
        checked += 1
        with open(os.path.join(converter, rel), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                quoted, header = match.group(1) == '"', match.group(2)
                target = resolve(converter, rel, header)
                if target is None:
                    if quoted:
                        problems.append(f"{where}:{number}: #include \"{header}\" is no file "
                                        "in converter/")
                    continue
                other = owner(target, owns)
                if other is None or other == layer or other in below[layer]:
                    continue  # a file without a layer is reported on its own
                allowed = ", ".join(sorted(below[layer])) or "no other layer"
                problems.append(
                    f"{where}:{number}: #include \"{header}\" reaches up from layer {layer} to "
                    f"layer {other} ({layer} may use {allowed}); move the code the header "
                    "names down to a layer both use, or the including code up "
                    "(docs/architecture.md)")
    if checked < 50:
        problems.append(f"only {checked} files were checked under {converter}: is --root right?")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")),
                        help="the repository (holding converter/layers.txt)")
    args = parser.parse_args()
    try:
        problems = check(args.root)
    except (TableError, OSError) as e:
        print(f"check_layers: {e}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check_layers: every include stays within its layer or goes down")
    return 0


if __name__ == "__main__":
    sys.exit(main())

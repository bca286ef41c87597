"""Structure-aware mutations of workbook files, for scripts/corpus-sweep.

A byte flipped inside a deflated ZIP entry mostly yields a CRC error, which the reader refuses
at once; the interesting mutations are the ones made to the XML inside the package, then
re-zipped. mutate() picks one part and one mutation, deterministically from the Random it is
given, and returns the new file and a short description of what it did.
"""

import io
import random
import re
import zipfile

EXTREME_NUMBERS = [b"0", b"-1", b"4294967295", b"4294967296", b"18446744073709551615",
                   b"99999999999999999999", b"1e999", b"-1e999", b"nan", b"inf", b"1048577",
                   b"16385", b"2147483648", b"0.5", b""]
BAD_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\x80"]
CELL_TYPES = [b"s", b"str", b"inlineStr", b"d", b"b", b"e", b"n", b"x", b""]
NUMBER = re.compile(rb"(?<=\")-?\d+(\.\d+)?(?=\")|(?<=>)-?\d+(\.\d+)?(?=<)")
TYPE_ATTR = re.compile(rb"\bt=\"[^\"]*\"")
TAG = re.compile(rb"<([A-Za-z][\w:.-]*)[^<>]*>")


def can_mutate(data):
    return len(data) > 0


def _is_zip(data):
    return data[:2] == b"PK"


def _bytes(text, rng):
    ops = [_flip, _truncate, _delete_span, _duplicate_span, _extreme_number, _bad_utf8,
           _nest, _retype, _repeat_tag]
    op = rng.choice(ops)
    return op(text, rng), op.__name__.lstrip("_")


def _flip(t, rng):
    b = bytearray(t)
    for _ in range(rng.randint(1, 8)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _truncate(t, rng):
    return t[:rng.randrange(len(t) + 1)]


def _delete_span(t, rng):
    if not t:
        return t
    a = rng.randrange(len(t))
    return t[:a] + t[a + rng.randint(1, 200):]


def _duplicate_span(t, rng):
    if not t:
        return t
    a = rng.randrange(len(t))
    span = t[a:a + rng.randint(1, 400)]
    at = rng.randrange(len(t) + 1)
    return t[:at] + span * rng.randint(1, 50) + t[at:]


def _extreme_number(t, rng):
    found = list(NUMBER.finditer(t))
    if not found:
        return _flip(t, rng)
    out = t
    for m in rng.sample(found, min(len(found), rng.randint(1, 4)))[::-1]:
        out = out[:m.start()] + rng.choice(EXTREME_NUMBERS) + out[m.end():]
    return out


def _bad_utf8(t, rng):
    at = rng.randrange(len(t) + 1)
    return t[:at] + rng.choice(BAD_UTF8) + t[at:]


def _nest(t, rng):
    """A balanced chain of empty elements of a name the part uses, nested very deep."""
    tags = list(TAG.finditer(t))
    if not tags:
        return _flip(t, rng)
    m = rng.choice(tags)
    name = m.group(1)
    depth = rng.choice([10, 1000, 30000])
    chain = (b"<" + name + b">") * depth + (b"</" + name + b">") * depth
    return t[:m.start()] + chain + t[m.start():]


def _retype(t, rng):
    found = list(TYPE_ATTR.finditer(t))
    if not found:
        return _extreme_number(t, rng)
    m = rng.choice(found)
    return t[:m.start()] + b't="' + rng.choice(CELL_TYPES) + b'"' + t[m.end():]


def _repeat_tag(t, rng):
    tags = list(TAG.finditer(t))
    if not tags:
        return _flip(t, rng)
    m = rng.choice(tags)
    return t[:m.end()] + m.group(0) * rng.randint(2, 2000) + t[m.end():]


def mutate(data, rng):
    """Returns (mutated bytes, description)."""
    if not _is_zip(data) or rng.random() < 0.05:
        out, how = _bytes(data, rng)
        return out, "raw " + how
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        infos = zin.infolist()
        contents = {i.filename: zin.read(i) for i in infos}
    except Exception:  # already damaged: mutate its bytes
        out, how = _bytes(data, rng)
        return out, "raw " + how
    xml_names = [i.filename for i in infos if i.filename.endswith((".xml", ".rels"))]
    if not xml_names:
        out, how = _bytes(data, rng)
        return out, "raw " + how
    # Sheets and shared strings carry most of the reader's logic: favour them.
    weighted = [n for n in xml_names for _ in range(4 if ("sheet" in n or "content" in n
                                                         or "sharedStrings" in n) else 1)]
    name = rng.choice(weighted)
    new, how = _bytes(contents[name], rng)
    contents[name] = new
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in infos:
            method = zipfile.ZIP_STORED if i.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(zipfile.ZipInfo(i.filename, date_time=(2020, 1, 1, 0, 0, 0)),
                          contents[i.filename], compress_type=method)
    return buf.getvalue(), f"{name}: {how}"

#!/bin/sh
# Cut the fonts of the language help notices down to the characters the notices use.
#
#   bash assets/fonts/subset.sh [LANGUAGES.toml ...]
#
# Reads content/language-help/languages.toml (and any clinic files given), and writes one
# small font per script to assets/fonts/language-help/, from Debian's Noto fonts:
#   apt-get install fonts-noto-core fonts-noto-cjk python3-fonttools
# Each font keeps only the glyphs of the characters the notices in its script use (plus
# what shaping needs: joining forms, conjuncts, marks), so the kiosk binary grows by tens
# of kilobytes, not the tens of megabytes of the full fonts. Characters a script's font
# lacks (digits, some punctuation) go to the Latin font, the fallback of every script.
# The fonts are under the SIL Open Font License 1.1 (assets/fonts/language-help/OFL.txt).
# Run it again after changing a notice, and commit its outputs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/language-help"
mkdir -p "$out"
if [ "$#" -eq 0 ]; then
    set -- "$root/content/language-help/languages.toml"
fi
exec /usr/bin/python3 - "$out" "$@" <<'PY'
import sys, tomllib, subprocess
from fontTools.ttLib import TTFont, TTCollection
from fontTools import subset

NOTO = "/usr/share/fonts/truetype/noto/"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# script -> (file name in assets/fonts/language-help, source font, index in a collection)
FONTS = {
    "Latn": ("latin.ttf", NOTO + "NotoSans-Regular.ttf", None),
    "Arab": ("arabic.ttf", NOTO + "NotoSansArabic-Regular.ttf", None),
    "Hebr": ("hebrew.ttf", NOTO + "NotoSansHebrew-Regular.ttf", None),
    "Armn": ("armenian.ttf", NOTO + "NotoSansArmenian-Regular.ttf", None),
    "Deva": ("devanagari.ttf", NOTO + "NotoSansDevanagari-Regular.ttf", None),
    "Guru": ("gurmukhi.ttf", NOTO + "NotoSansGurmukhi-Regular.ttf", None),
    "Gujr": ("gujarati.ttf", NOTO + "NotoSansGujarati-Regular.ttf", None),
    "Beng": ("bengali.ttf", NOTO + "NotoSansBengali-Regular.ttf", None),
    "Khmr": ("khmer.ttf", NOTO + "NotoSansKhmer-Regular.ttf", None),
    "Ethi": ("ethiopic.ttf", NOTO + "NotoSansEthiopic-Regular.ttf", None),
    "Thai": ("thai.ttf", NOTO + "NotoSansThai-Regular.ttf", None),
    "Laoo": ("lao.ttf", NOTO + "NotoSansLao-Regular.ttf", None),
    "Jpan": ("cjk-jp.otf", CJK, 0),
    "Kore": ("cjk-kr.otf", CJK, 1),
    "Hans": ("cjk-sc.otf", CJK, 2),
    "Hant": ("cjk-tc.otf", CJK, 3),
}
# Cyrillic and Greek are in the Latin font (Noto Sans has all three).
SAME_AS = {"Cyrl": "Latn", "Grek": "Latn"}

out = sys.argv[1]
chars = {script: set() for script in FONTS}
# The Latin font draws whole alphabets, not only the notices' letters, so a clinic can
# correct or add a notice in a Latin, Cyrillic or Greek script language without new fonts:
# ASCII, Latin-1 and Latin Extended-A, Vietnamese, combining accents, Greek and Cyrillic.
# It also draws the digits and punctuation any script's font lacks.
for lo, hi in [(0x20, 0x7E), (0xA0, 0x17F), (0x1EA0, 0x1EF9), (0x300, 0x36F),
               (0x370, 0x3FF), (0x400, 0x45F), (0x2010, 0x2027)]:
    chars["Latn"].update(chr(c) for c in range(lo, hi + 1))
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    for lang in data.get("language", []):
        script = SAME_AS.get(lang.get("script", "Latn"), lang.get("script", "Latn"))
        if script not in FONTS:
            sys.exit(f"{path}: {lang.get('code')}: no font for script {script}")
        for key in ("name", "tagline", "show", "card"):
            chars[script].update(lang.get(key, ""))

def cmap_of(src, index):
    font = TTCollection(src).fonts[index] if index is not None else TTFont(src)
    return font.getBestCmap()

for script, (name, src, index) in FONTS.items():
    text = chars[script]
    if script != "Latn":
        cmap = cmap_of(src, index)
        missing = {c for c in text if ord(c) not in cmap and not c.isspace()}
        chars["Latn"].update(missing)
        text = text - missing
        # Spaces are drawn in the script's own font where it has them, so a line is one run.
        text.update(c for c in " \u00a0" if ord(c) in cmap)
    chars[script] = text

for script, (name, src, index) in FONTS.items():
    text = "".join(sorted(chars[script]))
    if not text.strip():
        continue
    args = [
        src,
        f"--text={text}",
        f"--output-file={out}/{name}",
        "--layout-features+=locl",
        "--no-hinting",
        "--desubroutinize",
        "--name-IDs=0,1,2,3,4,5,6,13,14",
        "--drop-tables+=DSIG,GDEF.VarStore",
        "--notdef-outline",
    ]
    if index is not None:
        args.append(f"--font-number={index}")
    subset.main(args)
    print(f"{name}: {len(chars[script])} characters")
PY

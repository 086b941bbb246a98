"""Reference: WeasyPrint alone on the plainest document with N one-line paragraphs (no Django, no template).

What any layout of N signatory lines costs at least with this WeasyPrint on this machine.
"""

import json
import statistics
import sys
import time

from weasyprint import HTML

CSS = (
    '@page { size: A4; margin: 24mm 22mm; @bottom-center { content: counter(page) " / " counter(pages) } } '
    'html { font-family: "Noto Serif", serif; font-size: 10.5pt; line-height: 1.35 } p { margin: 0 0 0.25em }'
)


def main(lines: int, repeat: int) -> dict:
    body = "".join(f"<p>Human Rights Organization {i} (Bangui, Central African Republic)</p>" for i in range(lines))
    html = f"<!DOCTYPE html><html lang=en><head><style>{CSS}</style></head><body>{body}</body></html>"
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        HTML(string=html).write_pdf()
        seconds.append(time.perf_counter() - started)
    return {"lines": lines, "median_s": statistics.median(seconds)}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))

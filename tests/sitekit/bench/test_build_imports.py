"""What keeps the build process small: the libraries used for one step only (feeds, the
FAQ, brand colours, finding the search binary, packing share images) are imported in a
process that does that step, never in the build process. A guard for the bench's memory
figures."""

from __future__ import annotations

from helpers import DEMO_CONTENT, run_python

APART = ("lxml", "feedgen", "coloraide", "asyncio", "pagefind.service", "isal")


def test_a_demo_build_keeps_its_one_step_libraries_out_of_the_build_process(tmp_path):
    code = (
        "import atexit, sys\n"
        f"apart = {APART!r}\n"
        "atexit.register(lambda: print('IMPORTED', sorted({m for m in sys.modules "
        "for name in apart if m == name or m.startswith(name + '.')})))\n"
        "from sitekit.build import main\n"
        "sys.argv = ['build', *sys.argv[1:]]\n"
        "main()\n"
    )
    out, cache = tmp_path / "output", tmp_path / "cache"
    done = run_python(code, "-c", DEMO_CONTENT, "-o", out, SITEKIT_CACHE=str(cache))
    assert (out / "index.html").is_file() and (out / "feeds" / "all.atom.xml").is_file(), (
        done.stdout + done.stderr
    )
    assert "<h3" in (out / "faq" / "index.html").read_text(encoding="utf-8")
    imported = [line for line in done.stdout.splitlines() if line.startswith("IMPORTED")]
    assert imported == ["IMPORTED []"], done.stdout + done.stderr

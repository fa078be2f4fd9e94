"""How the build drives the PDF program (``plugins/questionnaire/pdf.py``) when the program
cannot start or ends early: the page then links no PDF, and nothing raises."""

from __future__ import annotations

import gc

import pytest

from plugins.questionnaire import pdf


def no_process(*args, **options):
    raise OSError("Zu viele Prozesse")


def test_a_program_that_cannot_start_means_no_pdf_and_one_german_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.subprocess, "Popen", no_process)
    settings = {"QUESTIONNAIRE_PDF": True, "CACHE_PATH": str(tmp_path)}
    pdf.start_ahead(settings)
    assert pdf.SPARE not in settings
    job = pdf.PdfJob("<p>x</p>", tmp_path / "x.pdf", str(tmp_path), {}, settings)
    assert job.problem() == "Der PDF-Prozess ließ sich nicht starten (Zu viele Prozesse)"


def test_a_program_that_ended_before_reading_its_job_is_ended_quietly(tmp_path):
    maker = pdf.Maker()
    maker.process.kill()
    maker.process.wait()
    big = {"html": "x" * (1 << 20)}  # more than a pipe holds: the write itself fails
    maker.send(big)
    assert maker.receive() == "Der PDF-Prozess endete unerwartet (Status -9)"
    maker.end()  # closing the job it never read raises nothing
    assert maker.process.stdin.closed and maker.process.stdout.closed


def test_a_program_the_build_forgot_is_ended_and_collected():
    """A build that stopped after a questionnaire took the program forgets it; the warm
    preview goes on running, and must not keep it, running or finished (a zombie)."""
    maker = pdf.Maker()
    process = maker.process
    del maker
    gc.collect()
    assert process.returncode is not None  # ended and waited for
    assert process.stdin.closed and process.stdout.closed


@pytest.mark.parametrize("kept", [False, True])
def test_a_program_is_started_ahead_only_for_a_first_build(tmp_path, kept):
    if kept:  # an earlier build's PDF, sealed in the cache
        made = tmp_path / pdf.FOLDER / "alt.pdf"
        made.parent.mkdir()
        made.write_bytes(b"%PDF-1.7")
        pdf.seal(made)
    settings = {"QUESTIONNAIRE_PDF": True, "CACHE_PATH": str(tmp_path)}
    pdf.start_ahead(settings)
    try:
        assert (pdf.SPARE in settings) is not kept
    finally:
        pdf.end_spare(settings)
    assert pdf.SPARE not in settings

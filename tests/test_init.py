"""`egovplan init`: a starter roadmap that validates and schedules; nothing overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egovplan.template import slug

from .conftest import run_cli


def test_init_without_a_path_writes_roadmap_toml(tmp_path: Path) -> None:
    """The documented default: `egovplan init` alone was an internal error (exit 3), typer
    passing the default `Path` through the name parser made for strings."""
    run = run_cli("init", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.err == "wrote roadmap.toml; next: egovplan schedule roadmap.toml\n"
    assert run_cli("validate", str(tmp_path / "roadmap.toml")).code == 0
    again = run_cli("init", "--title", "디지털플랫폼정부", cwd=tmp_path)
    assert again.code == 2
    assert "roadmap.toml: exists; use --force to replace it" in again.err
    forced = run_cli("init", "--force", "--title", "디지털플랫폼정부", cwd=tmp_path)
    assert forced.code == 0, forced.err
    assert "디지털플랫폼정부" in (tmp_path / "roadmap.toml").read_text(encoding="utf-8")


def test_init_writes_a_valid_schedulable_roadmap(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    run = run_cli("init", str(path), "--title", "Digital Government: 2030", "--start", "2026-01")
    assert run.code == 0, run.err
    text = path.read_text(encoding="utf-8")
    assert 'id = "digital-government-2030"' in text
    assert text.count("\n# ") >= 5  # commented
    assert run_cli("validate", str(path)).code == 0
    assert run_cli("gaps", "--strict", str(path)).code == 0
    document = json.loads(run_cli("schedule", "--format", "json", str(path)).out)
    assert document["start"] == "2026-01"
    kinds = {p["id"]: (p["kind"], p["milestone"]) for p in document["projects"]}
    assert kinds == {"shared-records": ("priority", False), "one-window": ("support", False),
                     "launch": (None, True)}


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("mine")
    run = run_cli("init", str(path))
    assert run.code == 2
    assert "exists; use --force" in run.err
    assert path.read_text() == "mine"
    assert run_cli("init", str(path), "--force").code == 0
    assert path.read_text(encoding="utf-8").startswith("# An egovplan roadmap")


def test_init_into_a_directory_says_so_without_suggesting_force(tmp_path: Path) -> None:
    for extra in ([], ["--force"]):
        run = run_cli("init", str(tmp_path), *extra)
        assert run.code == 2
        assert "is a directory; give a file name" in run.err
        assert "--force" not in run.err


def test_init_rejects_a_bad_start(tmp_path: Path) -> None:
    run = run_cli("init", str(tmp_path / "x.toml"), "--start", "2026-13")
    assert run.code == 2
    assert "the month must be 01 to 12" in run.err


def test_init_at_the_end_of_the_calendar(tmp_path: Path) -> None:
    latest = tmp_path / "latest.toml"
    assert run_cli("init", str(latest), "--start", "9998-01").code == 0
    assert run_cli("validate", str(latest)).code == 0  # its plan ends in 9999-12
    run = run_cli("init", str(tmp_path / "late.toml"), "--start", "9998-02")
    assert run.code == 2
    assert "must start by 9998-01" in run.err
    assert not (tmp_path / "late.toml").exists()


def test_slug() -> None:
    assert slug("Digital Government: 2030") == "digital-government-2030"
    assert slug("Électronique & Co.") == "electronique-co"
    assert slug("전자정부") == "jeonjajeongbu"  # Hangul romanized (was dropped: "roadmap")
    assert slug("電子政府") == "roadmap"  # Chinese characters: nothing left, the fallback
    assert slug("계획 2025–2028") == "gyehoek-2025-2028"  # a dash parts words (was "20252028")
    assert slug("Straße Łódź") == "strae-odz"


@pytest.mark.parametrize(("text", "romanized"), [
    # the Revised Romanization's own examples of letters (syllable by syllable)
    ("서울", "seoul"), ("부산", "busan"), ("광주", "gwangju"), ("의정부", "uijeongbu"),
    ("한국", "hanguk"), ("별로", "byeollo"), ("플랫폼", "peullaetpom"), ("값", "gap"),
    ("까치", "kkachi"), ("쌀", "ssal"), ("외교", "oegyo"), ("원", "won"), ("위", "wi"),
    ("얘기", "yaegi"), ("1단계", "1dangye"), ("e-Gov (전자정부)", "e-Gov (jeonjajeongbu)"),
    # the standard's hyphen where a silent ㅇ follows a final consonant: 안일 and 아닐 differ
    ("중앙", "jung-ang"), ("안일", "an-il"), ("아닐", "anil"),
])
def test_hangul_is_romanized_letter_by_letter(text: str, romanized: str) -> None:
    from egovplan.template import romanized as romanize

    assert romanize(text) == romanized


@given(st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1,
               max_size=8))
def test_every_hangul_text_makes_an_id(text: str) -> None:
    from egovplan.model.types import is_slug

    made = slug(text)
    assert is_slug(made)
    assert made != "roadmap"  # never the fallback: every syllable has a vowel


def test_init_takes_an_id_and_notes_letters_the_title_loses(tmp_path: Path) -> None:
    run = run_cli("init", "-", "--title", "电子政务 2030 规划")
    assert 'id = "2030"' in run.out
    assert run.err == ("note: the id '2030' is made from the title, whose letters 电子政务规划 no "
                       "id can hold (an id takes ASCII letters; Hangul is romanized): give --id "
                       "to choose it\n")
    chosen = run_cli("init", "-", "--title", "电子政务 2030 规划", "--id", "egov-2030")
    assert 'id = "egov-2030"' in chosen.out
    assert chosen.err == ""
    korean = run_cli("init", "-", "--title", "디지털플랫폼정부 실현계획")
    assert 'id = "dijiteolpeullaetpomjeongbu-silhyeongyehoek"' in korean.out
    assert korean.err == ""
    bad = run_cli("init", "-", "--id", "My Plan")
    assert bad.code == 2
    assert ("'My Plan' is not a slug: use lowercase letters, digits, '.', '_' and '-', starting "
            "with a letter or digit; did you mean 'my-plan'?") in " ".join(bad.err.split())


def test_a_file_name_with_a_line_break_still_gives_a_valid_starter(tmp_path: Path) -> None:
    """The name goes into the starter's comment as one shell argument, on one line."""
    path = tmp_path / "evil\nformat = 2\n.toml"
    assert run_cli("init", str(path)).code == 0
    assert run_cli("validate", str(path)).code == 0
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.endswith("egovplan validate 'evil format = 2 .toml'")


def test_a_title_holding_the_placeholder_is_written_as_given(tmp_path: Path) -> None:
    """`{file}` in a title is the user's text (the file's name was once put in it too, which
    with a quote in the name made the starter invalid TOML)."""
    path = tmp_path / 'q"x.toml'
    run = run_cli("init", str(path), "--title", "Plan for {file} review", "--start", "2024-01")
    assert run.code == 0, run.err
    assert run_cli("validate", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    assert 'title = "Plan for {file} review"' in text
    assert text.splitlines()[0].endswith("""egovplan validate 'q"x.toml'""")


def test_text_that_is_not_utf8_is_a_usage_error_not_a_crash(tmp_path: Path) -> None:
    """A title or a file name in another encoding (bytes Python holds as lone surrogates)
    ended in "internal error" (exit 3)."""
    import os

    latin = os.fsdecode(b"caf\xe9")
    run = run_cli("init", str(tmp_path / "a.toml"), "--title", latin)
    assert run.code == 2
    assert "'caf\ufffd' is not valid UTF-8 text" in run.err
    assert not (tmp_path / "a.toml").exists()
    sheet = tmp_path / "p.csv"
    sheet.write_text("id,title,duration\na,A,1\n", encoding="utf-8")
    for option in ("--title", "--id"):
        run = run_cli("import", str(sheet), "--start", "2020-01", option, latin)
        assert run.code == 2, run.err
    named = run_cli("init", latin + ".toml", cwd=tmp_path)
    assert named.code == 0, named.err
    assert named.err == "wrote 'caf\ufffd.toml'; next: egovplan schedule 'caf\ufffd.toml'\n"
    assert run_cli("validate", latin + ".toml", cwd=tmp_path).code == 0


def test_the_next_step_is_a_command_a_shell_can_run(tmp_path: Path) -> None:
    run = run_cli("init", "my roadmap.toml", cwd=tmp_path)
    assert run.err == "wrote 'my roadmap.toml'; next: egovplan schedule 'my roadmap.toml'\n"


def test_init_dash_writes_the_starter_to_standard_output(tmp_path: Path) -> None:
    """`init -` wrote a file named `-` and then advised `egovplan schedule -`."""
    run = run_cli("init", "-", "--title", "Piped", "--start", "2026-01", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.err == ""
    assert list(tmp_path.iterdir()) == []
    assert "egovplan validate roadmap.toml" in run.out
    path = tmp_path / "piped.toml"
    path.write_text(run.out, encoding="utf-8")
    assert run_cli("validate", str(path)).code == 0



def test_decomposed_hangul_is_romanized_as_composed() -> None:
    """macOS writes file names decomposed (jamo): they made `roadmap`, and a garbled note."""
    import unicodedata

    from egovplan.template import letters_lost

    decomposed = unicodedata.normalize("NFD", "디지털플랫폼정부")
    assert decomposed != "디지털플랫폼정부"
    assert slug(decomposed) == slug("디지털플랫폼정부") == "dijiteolpeullaetpomjeongbu"
    assert letters_lost(decomposed) == ""

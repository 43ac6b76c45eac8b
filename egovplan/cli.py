"""The command line: parse options, call the api, pick a renderer, map the result to an exit code.

Exit codes, for every command: 0 done and nothing wrong; 1 the input has errors; 2 a usage error
(bad option, missing file); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from egovplan import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_MAX_BYTES = 256 * 1024 * 1024  # mirrors egovplan.load.reader, without importing it

app = typer.Typer(
    name="egovplan",
    help="Plan public-sector policy roadmaps: validate, schedule, find gaps, compare versions.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"egovplan {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Show the version and exit.", callback=_version,
                     is_eager=True),
    ] = False,
) -> None:
    """Plan public-sector policy roadmaps: validate, schedule, find gaps, compare versions."""


def _usage_error(message: str) -> None:
    sys.stderr.write(f"egovplan: error: {message}\n")


FilesArgument = Annotated[
    list[Path],
    typer.Argument(help="Roadmap files (TOML, format 1).", metavar="FILE", show_default=False),
]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", min=1, help="Refuse files larger than this many bytes."),
]


@app.command()
def validate(
    files: FilesArgument,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ValidateFormat.text,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Check roadmap files and report every problem with its line and column.

    Exit 0 when every file is valid, 1 when any has an error, 2 on a usage error.
    """
    from egovplan import api  # noqa: PLC0415 - keep `--help` and `--version` fast
    from egovplan.render import validation  # noqa: PLC0415

    results = []
    unreadable = False
    for file in files:
        try:
            results.append(api.check_file(file, max_bytes))
        except api.FileUnreadableError as error:
            _usage_error(str(error))
            unreadable = True
    render = validation.to_json if output_format is ValidateFormat.json else validation.text
    if results:
        sys.stdout.write(render(results))
    if unreadable:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK if all(result.valid for result in results) else EXIT_FINDINGS)


def main() -> NoReturn:
    """The console script: never a traceback, whatever happens."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("egovplan: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`): nothing more to say
        sys.exit(EXIT_OK)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        sys.stderr.write(
            f"egovplan: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in egovplan; please report it with the file that caused it.\n"
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)

"""The ``accord`` command: one click group, one module per sub-command.

Each sub-command lives in its own module under ``accord.cli`` and is registered here, so adding one is a
one-line change. Every command's help ends with an ``Example:``.
"""

from __future__ import annotations

import atexit
import gc
import sys

import click

from accord.errors import AccordError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.version_option(package_name="accord")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Accord turns HR spreadsheets into signing-ready Word documents and trackers.

    \b
    Example:
      accord run inputs/samples/offers_sample.xlsx --out outputs/
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register() -> None:
    # Imported here so that `accord --help` stays fast and one broken command cannot hide the others.
    from accord.cli import check as check_cmd
    from accord.cli import follow_up as follow_up_cmd
    from accord.cli import history as history_cmd
    from accord.cli import report as report_cmd
    from accord.cli import rules as rules_cmd
    from accord.cli import run as run_cmd
    from accord.cli import templates as templates_cmd

    cli.add_command(check_cmd.check)
    cli.add_command(follow_up_cmd.follow_up)
    cli.add_command(history_cmd.history)
    cli.add_command(report_cmd.report)
    cli.add_command(rules_cmd.rules)
    cli.add_command(run_cmd.run)
    cli.add_command(templates_cmd.templates)
    from accord.cli import watch as watch_cmd

    cli.add_command(watch_cmd.watch)
    from accord.cli import serve as serve_cmd

    cli.add_command(serve_cmd.serve)
    from accord.cli import approve as approve_cmd
    from accord.cli import audit as audit_cmd

    cli.add_command(approve_cmd.approve)
    cli.add_command(approve_cmd.reject)
    cli.add_command(approve_cmd.release)
    cli.add_command(audit_cmd.audit_group)


def _freeze_heap() -> None:
    gc.disable()
    gc.freeze()


def skip_collection_at_exit() -> None:
    """Return nothing; make the process skip Python's garbage collection as it exits.

    When a process ends, Python collects garbage across every object still alive: after a run,
    all that Prefect, pydantic and the run built, 0.8 s of every `accord run` on the development
    machine. Nothing needs it (files are closed, the OS takes the memory back), so the heap is
    frozen instead. Registered before anything else, this runs after every other exit handler
    (Prefect's last sends, stopping the temporary server).
    """
    atexit.register(_freeze_heap)


def main() -> None:
    """Run the ``accord`` command line; exit 0 (all good), 1 (something rejected) or 2 (usage)."""
    skip_collection_at_exit()
    _register()
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except AccordError as exc:
        if "--debug" in sys.argv:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)

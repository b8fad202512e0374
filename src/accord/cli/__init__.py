"""The ``accord`` command: one click group, one module per sub-command.

Each sub-command lives in its own module under ``accord.cli`` and is listed in ``COMMANDS``, so adding
one is a one-line change. A command's module is imported only when that command runs (or help lists
it): ``accord run`` starts its Prefect server without first importing what ``accord check`` needs
(0.7 s on our 2-core machine). Every command's help ends with an ``Example:``.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import sys

import click

from accord.errors import AccordError

# Command name -> (module, the click command in it), in the order `accord --help` lists them.
COMMANDS = {
    "approve": ("accord.cli.approve", "approve"),
    "audit": ("accord.cli.audit", "audit_group"),
    "check": ("accord.cli.check", "check"),
    "follow-up": ("accord.cli.follow_up", "follow_up"),
    "history": ("accord.cli.history", "history"),
    "reject": ("accord.cli.approve", "reject"),
    "release": ("accord.cli.approve", "release"),
    "report": ("accord.cli.report", "report"),
    "rules": ("accord.cli.rules", "rules"),
    "run": ("accord.cli.run", "run"),
    "serve": ("accord.cli.serve", "serve"),
    "templates": ("accord.cli.templates", "templates"),
    "watch": ("accord.cli.watch", "watch"),
}


class _Commands(click.Group):
    """A click group that imports a sub-command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return every command's name, those added at run time included."""
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command ``cmd_name``, importing its module the first time."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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

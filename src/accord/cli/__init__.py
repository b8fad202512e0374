"""The ``accord`` command: one click group, one module per sub-command.

Each sub-command lives in its own module under ``accord.cli`` and is listed in ``COMMANDS``, so adding
one is a one-line change. A command's module is imported only when that command runs (or help lists
it): ``accord run`` starts its Prefect server without first importing what ``accord check`` needs
(0.7 s on our 2-core machine). Every command's help ends with an ``Example:``.
"""

from __future__ import annotations

import importlib
import sys

import click

from accord.errors import AccordError
from accord.heap import skip_collection_at_exit

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

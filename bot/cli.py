"""`kimbot`, the command line: run the bot (or its standby), migrate its database, check a
configuration or an installation, verify the log and exports, back up and restore."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import signal
import sqlite3
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import logs
from bot.config import Config, ConfigError, load_config

if TYPE_CHECKING:
    from bot.instance import Holder

log = logging.getLogger("kimbot")

CHAIN_BREAKS = {
    "content": "the entry was changed",
    "link": "an entry before it was changed or removed",
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(Path(args.config))
    except ConfigError as error:
        print(f"kimbot: {error}", file=sys.stderr)
        return 2
    _configure_logging(config)
    subcommand = SUBCOMMANDS[args.command]
    if subcommand.bot_stopped and (holder := asyncio.run(_running(config))) is not None:
        print(f"kimbot {args.command}: the bot is running on this data ({holder}); stop it "
              "first", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    return subcommand.run(config, args)


async def _running(config: Config) -> Holder | None:
    from bot.instance import running_instance

    return await running_instance(config.bot.data_dir, config.database.url)


@dataclass(frozen=True)
class Subcommand:
    """One `kimbot` subcommand: what it is for, its arguments besides `-c`, what it runs."""

    help: str
    run: Callable[[Config, argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    #: Refused while a kimbot process runs on the same data (it would change what that
    #: process holds open: the crypto store, the session, the database under it).
    bot_stopped: bool = False


def _checked_config(config: Config, args: argparse.Namespace) -> int:
    print(f"{args.config}: OK")
    return 0


def version() -> str:
    """The installed version (`kimbot --version`), from the package's metadata."""
    from importlib import metadata  # only when asked: reading the metadata takes a while

    try:
        return metadata.version("kimbot")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


class _ShowVersion(argparse.Action):
    """`--version`, with the version looked up only when it is asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"kimbot {version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kimbot", description=__doc__)
    parser.add_argument("--version", action=_ShowVersion)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, subcommand in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=subcommand.help)
        subcommand.arguments(sub)
        sub.add_argument("-c", "--config", default="config.toml", help="configuration file")
    return parser


def _standby(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--standby", action="store_true",
        help="wait while another process runs on the same data, take over when it ends "
        "(PostgreSQL only)")


def _member(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("user", help="@user:server")


def _device(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("user", help="@user:server")
    parser.add_argument("device", help="the device id, as the member's client shows it")


def _confirmation(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="yes, replace the identity")


def _export_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a PDF, or a file with its FILE.p7s beside it")
    parser.add_argument("--signature", help="the detached signature (default: FILE.p7s)")


def _archive(text: str) -> Callable[[argparse.ArgumentParser], None]:
    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", help=text)

    return arguments


def _verify_export(config: Config, path: Path, signature: Path | None) -> int:
    from bot.exports import check_file, compare_with_the_log, find_approval

    check, manifest = check_file(config, path, signature)
    if check.ok and manifest is not None:
        asyncio.run(compare_with_the_log(config, manifest, check))
    elif check.ok:
        asyncio.run(find_approval(config, path.read_bytes(), check))
    for line in check.lines:
        print(f"{path}: {line}")
    return 0 if check.ok else 1


def _backup(config: Config, target: Path) -> int:
    from bot.backup import POSTGRES_HINT, BackupError, create_backup

    try:
        report = create_backup(config, target)
    except (BackupError, OSError, sqlite3.Error) as error:
        print(f"kimbot backup: {error}", file=sys.stderr)
        return 1
    print(f"{target}: " + ", ".join(report.files))
    if not report.database_included:
        print(POSTGRES_HINT)
    return 0


def _restore(config: Config, source: Path) -> int:
    from bot.backup import BackupError, restore_backup, start_from_the_present

    try:
        restored = restore_backup(config, source)
    except (BackupError, OSError, tarfile.TarError, ValueError) as error:
        print(f"kimbot restore: {error}", file=sys.stderr)
        return 1
    dropped = asyncio.run(start_from_the_present(config))
    print(f"restored: {', '.join(restored)}")
    print("the bot starts from the present: what happened in the rooms after the backup is "
          f"not read again; {dropped} message(s) that waited at the backup are not sent again")
    return 0


def _configure_logging(config: Config) -> None:
    logs.configure(config.bot.log_level, config.bot.log_format)
    # nio logs whole events at DEBUG and INFO; the log must not carry message text.
    logging.getLogger("nio").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # APScheduler logs every job it adds or runs at INFO; the bot logs what the jobs do.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # aiosmtpd logs every LMTP conversation, senders and recipients included: mail that
    # comes back is logged by the bot, without addresses or content (bot.mail.receiving).
    logging.getLogger("mail.log").setLevel(logging.WARNING)


async def _migrate(config: Config) -> int:
    from storage import Database

    database = Database(config.database.url)
    try:
        await database.migrate()
        log.info("database at revision %s", await database.current_revision())
    finally:
        await database.dispose()
    return 0


#: `kimbot run`'s exit code when another process holds the data (or took it over).
EXIT_ALREADY_RUNNING = 2


async def _run(config: Config, standby: bool = False) -> int:
    # The imports create hundreds of thousands of objects that all stay: collecting among
    # them finds nothing and took an eighth of the start. settle_garbage_collector() turns
    # the collector back on.
    gc.disable()
    load_pycryptodome_through_ctypes()
    from bot.app import KimBot
    from bot.instance import AlreadyRunning
    from bot.matrix.gateway import LoginFailed

    if standby and config.database.url.startswith("sqlite"):
        log.error("--standby needs PostgreSQL: an SQLite file has no lock a second host "
                  "could wait on ([database] url)")
        return 1
    loop = asyncio.get_running_loop()
    while True:
        bot = KimBot(config)
        settle_garbage_collector()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, bot.stop)
        try:
            await bot.run(standby=standby)
        except AlreadyRunning as running:
            log.error("%s. Stop it first, or run this one as its standby (kimbot run "
                      "--standby, PostgreSQL only).", running)
            print(f"kimbot: {running}", file=sys.stderr)
            return EXIT_ALREADY_RUNNING
        except LoginFailed as error:
            log.error("%s", error)
            return 1
        if not bot.superseded:
            return 0
        if not standby:
            log.error("another instance took over the data: this one has stopped")
            return EXIT_ALREADY_RUNNING
        log.info("another instance took over: back to standby")


def load_pycryptodome_through_ctypes() -> None:
    """matrix-nio encrypts files with pycryptodome, which binds its compiled code through cffi
    when cffi can be imported (other packages bring it) — and then has pycparser parse C
    declarations at import: a tenth of a second of every start on a slow machine. Without
    cffi it binds the same compiled code through ctypes, parsing nothing. cffi is hidden for
    that one import only."""
    before = sys.modules.get("cffi")
    sys.modules["cffi"] = None  # type: ignore[assignment]  # makes `import cffi` fail
    try:
        import Crypto.Util._raw_api  # noqa: F401
    finally:
        if before is None:
            del sys.modules["cffi"]
        else:
            sys.modules["cffi"] = before


def settle_garbage_collector() -> None:
    """Python's cyclic garbage collector looks at every tracked object at each full collection,
    and after the imports there are hundreds of thousands of them that live as long as the bot.
    They are frozen out of the collections, and collections come less often: a full pass used
    to run several times during one large calendar rendering (bench/RESULTS.md: the cost per
    meeting grew with the number of meetings). The collector, off during the imports, runs
    from here on. No collection first: it took a twelfth of a second at every start to find a
    few thousand unreachable objects (no measurable memory), which now stay frozen."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    gc.enable()


async def _verify_log(config: Config) -> int:
    from domain.decision_log import first_break
    from storage.audit import read_logs

    try:
        logs = await read_logs(config.database.url)
    except Exception as error:  # the operator gets the reason in one line, not a traceback
        print(f"kimbot: cannot read the decision log: {error}", file=sys.stderr)
        return 2
    broken_groups = 0
    for log in logs:
        broken = first_break(log.links)
        if broken is None:
            print(f"{log.name}: {len(log.links)} entries, chain intact")
            continue
        broken_groups += 1
        print(f"{log.name}: BROKEN at decision {broken.number} ({CHAIN_BREAKS[broken.reason]})")
    return 1 if broken_groups else 0


async def _verify_device(config: Config, user_id: str, device_id: str) -> int:
    from bot.matrix.gateway import LoginFailed, MatrixGateway

    gateway = MatrixGateway(config.matrix, config.bot.data_dir)
    try:
        if gateway.verify_device(user_id, device_id):
            print(f"{user_id} {device_id}: verified; the bot shares room keys with it")
            return 0
        print(f"{user_id} {device_id}: unknown to the bot (has it been in a room with it?)")
        return 1
    except LoginFailed as error:
        print(f"kimbot: {error}", file=sys.stderr)
        return 2
    finally:
        await gateway.close()


async def _doctor(config: Config) -> int:
    from bot import doctor

    return await doctor.run(config, print)


async def _reset_identity(config: Config, confirmed: bool) -> int:
    from bot.matrix.gateway import LoginFailed, MatrixGateway
    from bot.matrix.identity import IdentityError

    if not confirmed:
        print("kimbot reset-identity replaces the bot's cross-signing identity: every member "
              "will see it as changed (Element warns of it). Run it with the bot stopped, "
              "and with --yes.", file=sys.stderr)
        return 2
    if not config.matrix.encryption:
        print("kimbot: [matrix] encryption is off: the bot has no identity to reset",
              file=sys.stderr)
        return 2
    gateway = MatrixGateway(config.matrix, config.bot.data_dir)
    try:
        await gateway.resume_stored_login()
        identity = gateway.own_identity()
        found = await identity.create(replacing=True)
    except (LoginFailed, IdentityError) as error:
        print(f"kimbot reset-identity: {error}", file=sys.stderr)
        return 1
    finally:
        await gateway.close()
    print(f"{config.matrix.user_id}: a new cross-signing identity (master key "
          f"{(found.published.master or '')[:12]}…); device {identity.device_id} "
          f"{'signed' if found.cross_signed else 'NOT signed: ' + found.status.value}.")
    kept = "KIMBOT_MATRIX_RECOVERY_KEY" if identity.recovery_key.given \
        else identity.recovery_key.path
    print(f"Its recovery key is in {kept}: keep a copy offline. Members will see the bot's "
          "identity as changed; in Element they confirm the new one once.")
    return 0 if found.cross_signed else 1


async def _export_member(config: Config, user_id: str) -> int:
    from storage import Database

    database = Database(config.database.url)
    try:
        async with database.unit_of_work() as uow:
            data = await uow.people.export(user_id)
    finally:
        await database.dispose()
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return 0 if data["records"] else 1


#: Every subcommand, in the order `kimbot --help` lists them.
SUBCOMMANDS: dict[str, Subcommand] = {
    "run": Subcommand("run the bot", lambda config, args: asyncio.run(
        _run(config, standby=args.standby)), _standby),
    "migrate": Subcommand("bring the database schema up to date",
                          lambda config, _: asyncio.run(_migrate(config))),
    "check-config": Subcommand("validate the configuration and exit", _checked_config),
    "verify-log": Subcommand(
        "check every group's decision log; non-zero at the first broken entry",
        lambda config, _: asyncio.run(_verify_log(config))),
    "export-member": Subcommand(
        "print, as JSON, all the bot holds about one person (GDPR)",
        lambda config, args: asyncio.run(_export_member(config, args.user)), _member),
    "verify-device": Subcommand(
        'trust a member\'s device (with trust = "verified"); bot stopped',
        lambda config, args: asyncio.run(_verify_device(config, args.user, args.device)),
        _device, bot_stopped=True),
    "doctor": Subcommand(
        "check the installation, one line a check; non-zero if any failed",
        lambda config, _: asyncio.run(_doctor(config))),
    "reset-identity": Subcommand(
        "make a NEW cross-signing identity for the bot (bot stopped); members see the bot's "
        "identity as changed",
        lambda config, args: asyncio.run(_reset_identity(config, args.yes)), _confirmation,
        bot_stopped=True),
    "verify-export": Subcommand(
        "check an export's signature, and a decision export against the log; non-zero "
        "naming what does not match",
        lambda config, args: _verify_export(
            config, Path(args.file), Path(args.signature) if args.signature else None),
        _export_file),
    "backup": Subcommand(
        "write database (SQLite), crypto store and session to FILE; bot may run",
        lambda config, args: _backup(config, Path(args.file)),
        _archive("the archive to write (.tar.gz)")),
    "restore": Subcommand(
        "put a backup back, bot stopped; the bot then starts from the present",
        lambda config, args: _restore(config, Path(args.file)),
        _archive("an archive written by kimbot backup"), bot_stopped=True),
}

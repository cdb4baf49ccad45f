"""`kimbot verify-export FILE`: is this export what the bot signed, and — for the decision log —
do its entries still match the chain in the database? An approved Niederschrift: which decision
approved it (its log entry holds the file's digest), and is that entry intact?"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pyhanko.pdf_utils.reader import PdfFileReader

from bot.config import Config
from bot.signing import load_or_create
from domain.decision_log import first_break


@dataclass
class ExportCheck:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def fail(self, line: str) -> None:
        self.lines.append(line)
        self.ok = False


def check_file(config: Config, path: Path, signature: Path | None
               ) -> tuple[ExportCheck, dict[str, Any] | None]:
    """The signature checked; and, for a decision export, the entries it holds."""
    check = ExportCheck()
    key_dir = config.bot.data_dir / "signing"
    if config.signing.pkcs12 is None and not (key_dir / "cert.pem").exists():
        check.fail(f"no signing certificate in {key_dir}: nothing to check against")
        return check, None
    # Validation failures are reported here, in words; pyHanko's own log of them is noise.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    signer = load_or_create(key_dir, config.signing.pkcs12, config.signing.passphrase)
    try:
        data = path.read_bytes()
    except OSError as error:
        check.fail(f"cannot read it ({error.strerror})")
        return check, None
    if path.suffix.lower() == ".pdf":
        result = signer.check_pdf(data)
    else:
        detached = signature or path.with_name(path.name + ".p7s")
        if not detached.exists():
            check.fail(f"no signature beside it ({detached.name})")
            return check, None
        result = signer.check_detached(data, detached.read_bytes())
    if not result.valid:
        check.fail(f"signature: {result.problem}")
        return check, None
    check.lines.append(f"signature valid (certificate {signer.fingerprint})")
    return check, _manifest(path, data)


def _manifest(path: Path, data: bytes) -> dict[str, Any] | None:
    """The decision entries an export holds (group, numbers and hashes), if it is one."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            found = json.loads(_pdf_subject(data) or "null")
            return found if isinstance(found, dict) and found.get("kimbot") == "decisions" \
                else None
        if suffix == ".json":
            document = json.loads(data)
            return {"group": document["group_id"],
                    "entries": [[e["number"], e["hash"]] for e in document["entries"]]}
        if suffix == ".csv":
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
            return {"group": None, "entries": [[row[0], row[-1]] for row in rows[1:] if row]}
    except (ValueError, KeyError, TypeError):
        return None
    return None


def _pdf_subject(data: bytes) -> str | None:
    """The document's subject: in the XMP metadata (PDF/A), else in the document info."""
    reader = PdfFileReader(io.BytesIO(data))
    metadata = reader.root.get("/Metadata")
    if metadata is not None:
        found = ElementTree.fromstring(metadata.get_object().data).find(
            ".//dc:description//rdf:li", XMP)
        if found is not None and found.text:
            return found.text
    info = reader.trailer_view.get("/Info")
    subject = info.get("/Subject") if info is not None else None
    return str(subject) if subject else None


XMP = {"dc": "http://purl.org/dc/elements/1.1/",
       "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


async def compare_with_the_log(config: Config, manifest: dict[str, Any],
                               check: ExportCheck) -> None:
    """Each entry of the export against the chain (of its group, or — for a CSV, which does not
    name one — of any group), and the chain itself verified."""
    from storage import Database

    database = Database(config.database.url)
    try:
        async with database.unit_of_work() as uow:
            groups = [manifest["group"]] if manifest.get("group") is not None \
                else list(await uow.decisions.group_ids())
            chains = [await uow.decisions.chain(group_id) for group_id in groups]
    finally:
        await database.dispose()
    known: dict[str, set[str]] = {}
    for links in chains:
        broken = first_break(links)
        if broken is not None:
            check.fail(f"the decision log in the database is broken at {broken.number}")
        for link in links:
            known.setdefault(link.number, set()).add(link.hash)
    for number, digest in manifest["entries"]:
        if number not in known:
            check.fail(f"decision {number} is not in the log")
        elif digest not in known[number]:
            check.fail(f"decision {number}: the hash differs from the log's")
    if check.ok:
        check.lines.append(f"{len(manifest['entries'])} decisions match the log")


async def find_approval(config: Config, data: bytes, check: ExportCheck) -> None:
    """A document a decision approved (a Niederschrift): the entry naming its digest, and
    whether the chain holds it unchanged. Nothing is said of other files."""
    from storage import Database

    digest = hashlib.sha256(data).hexdigest()
    database = Database(config.database.url)
    try:
        async with database.unit_of_work() as uow:
            approving = await uow.decisions.approving(digest)
            chain = await uow.decisions.chain(approving.group_id) if approving else []
    finally:
        await database.dispose()
    if approving is None:
        return
    document = approving.document or {}
    broken = first_break(chain)
    if broken is not None:
        check.fail(f"the decision log in the database is broken at {broken.number}")
        return
    check.lines.append(f"approved by decision {approving.number} (the log holds its SHA-256 "
                       f"{digest}; {document.get('filename', '')})".replace("; )", ")"))

"""Exports leave the bot signed (SPEC: records for the files): a PDF carries its signature
inside (PAdES), any other file gets a detached signature posted with it (`FILE.p7s`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from commands.framework import CommandContext
from commands.framework.context import Signer
from commands.framework.effects import Effects, FileMessage
from i18n import Renderer
from storage.models import Group
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Paperwork:
    """What making and posting a signed paper takes — in a command, or outside one (a poll
    closed by its deadline or its last vote approves minutes)."""

    uow: UnitOfWork
    effects: Effects
    signer: Signer | None
    renderer: Renderer
    now: datetime

    @classmethod
    def of(cls, ctx: CommandContext) -> Paperwork:
        return cls(ctx.uow, ctx.effects, ctx.signer, ctx.renderer, ctx.now())

    async def post_signed(self, group: Group, filename: str, mimetype: str,
                          data: bytes) -> bytes:
        return await post_signed_by(self.effects, self.signer, group, filename, mimetype, data)


async def post_signed(ctx: CommandContext, group: Group, filename: str, mimetype: str,
                      data: bytes) -> bytes:
    """An export made by a command, signed and posted in the group's room."""
    return await post_signed_by(ctx.effects, ctx.signer, group, filename, mimetype, data)


async def post_signed_by(effects: Effects, signer: Signer | None, group: Group, filename: str,
                         mimetype: str, data: bytes) -> bytes:
    """An export, signed: a PDF inside (PAdES), any other file by a detached signature
    posted with it (`FILE.p7s`); unsigned where no key is at hand. Signing is CPU work: in a
    worker thread. Returns the file as posted (a PDF with its signature), for those who keep
    it."""
    if signer is None:
        await effects.post(group.room_id, FileMessage(filename, mimetype, data))
        return data
    if mimetype == "application/pdf":
        signed = await asyncio.to_thread(signer.sign_pdf, data)
        await effects.post(group.room_id, FileMessage(filename, mimetype, signed))
        return signed
    signature = await asyncio.to_thread(signer.sign_detached, data)
    await effects.post(group.room_id, FileMessage(filename, mimetype, data))
    await effects.post(group.room_id, FileMessage(f"{filename}.p7s",
                                                  "application/pkcs7-signature", signature))
    return data

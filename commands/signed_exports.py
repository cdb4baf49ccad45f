"""Exports leave the bot signed (SPEC: records for the files): a PDF carries its signature
inside (PAdES), any other file gets a detached signature posted with it (`FILE.p7s`)."""

from __future__ import annotations

import asyncio

from commands.framework import CommandContext
from commands.framework.effects import FileMessage
from storage.models import Group


async def post_signed(ctx: CommandContext, group: Group, filename: str, mimetype: str,
                      data: bytes) -> bytes:
    """An export, signed: a PDF inside (PAdES), any other file by a detached signature
    posted with it (`FILE.p7s`). Signing is CPU work: in a worker thread. Returns the file as
    posted (a PDF with its signature), for those who keep it."""
    if ctx.signer is None:
        await ctx.effects.post(group.room_id, FileMessage(filename, mimetype, data))
        return data
    if mimetype == "application/pdf":
        signed = await asyncio.to_thread(ctx.signer.sign_pdf, data)
        await ctx.effects.post(group.room_id, FileMessage(filename, mimetype, signed))
        return signed
    signature = await asyncio.to_thread(ctx.signer.sign_detached, data)
    await ctx.effects.post(group.room_id, FileMessage(filename, mimetype, data))
    await ctx.effects.post(group.room_id, FileMessage(f"{filename}.p7s",
                                                      "application/pkcs7-signature", signature))
    return data

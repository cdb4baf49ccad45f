"""Queries for the Einladungen as they were sent (one signed PDF per letter)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from storage.models import InvitationLetter, Occurrence


class InvitationLetters:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, occurrence: Occurrence, filename: str, pdf: bytes,
                  now: datetime) -> InvitationLetter:
        letter = InvitationLetter(occurrence_id=occurrence.id, created_at=now,
                                  filename=filename, pdf=pdf,
                                  sha256=hashlib.sha256(pdf).hexdigest())
        self.session.add(letter)
        await self.session.flush()
        return letter

    async def pdf(self, letter_id: int) -> InvitationLetter | None:
        return await self.session.scalar(
            select(InvitationLetter).options(undefer(InvitationLetter.pdf))
            .where(InvitationLetter.id == letter_id))

    async def newest(self, occurrence_ids: Sequence[int]) -> dict[int, InvitationLetter]:
        """Per date, its newest letter (without the PDF's bytes: `pdf` reads them)."""
        if not occurrence_ids:
            return {}
        newest = (select(func.max(InvitationLetter.id))
                  .where(InvitationLetter.occurrence_id.in_(occurrence_ids))
                  .group_by(InvitationLetter.occurrence_id))
        letters = await self.session.scalars(
            select(InvitationLetter).where(InvitationLetter.id.in_(newest)))
        return {letter.occurrence_id: letter for letter in letters}

"""The group's record on the web (`!web`): a member's link to the pages and the OParl
interface, personal where the group publishes for its members only."""

from __future__ import annotations

from commands.framework import CommandContext, CommandSet, Reply
from commands.framework.effects import Notice
from domain.errors import UserError
from domain.feeds import new_token, token_hash
from domain.group import Publication
from domain.roles import Access
from i18n import Message
from storage.models import Group

commands = CommandSet()


def web_urls(base: str, token: str | None) -> tuple[str, str]:
    """The pages' and the OParl entry point's address; with a token, the personal ones."""
    root = base.rstrip("/")
    if token is None:
        return f"{root}/web/", f"{root}/oparl/v1/system"
    return f"{root}/web/{token}/", f"{root}/oparl/v1/{token}/system"


@commands.command("web", de="web", access=Access.PARTICIPANT)
async def web(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    if group.publish is Publication.NONE:
        raise UserError("web.not_published", group=group.name)
    await _send_link(ctx, group)
    return Reply.of("web.sent")


@commands.command("web revoke", de="web widerrufen", access=Access.PARTICIPANT)
async def web_revoke(ctx: CommandContext) -> Reply:
    group = ctx.require_group()
    revoked = await ctx.uow.web_tokens.revoke_all(group, ctx.sender, ctx.now())
    return Reply.of("web.revoked", count=revoked)


async def _send_link(ctx: CommandContext, group: Group) -> None:
    token: str | None = None
    if group.publish is Publication.MEMBERS:
        token = new_token()
        await ctx.uow.web_tokens.issue(group, ctx.sender, token_hash(token), ctx.now())
    pages, oparl = web_urls(ctx.calendar.feed_url, token)
    note = "web.links.personal" if token is not None else "web.links.public"
    text = ctx.render(Message("web.links", group=group.name, publish=group.publish,
                              pages=pages, oparl=oparl, note=Message(note)))
    await ctx.effects.direct(ctx.sender, Notice(text, secret=token is not None))

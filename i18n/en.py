"""English. Every entry mirrors one in `de.py`; a test checks keys and parameters match."""

MESSAGES: dict[str, str | tuple[str, str]] = {
    "value.yes": "yes",
    "value.no": "no",
    "value.datetime": "{day}, {time}",
    "value.days": "{n} days",
    "value.hours": "{n} hours",
    "value.minutes": "{n} minutes",
    "enum.Role.chair": "chair",
    "enum.Role.coordinator": "coordinator",
    "enum.Role.member": "member",
    "enum.Role.advisor": "advisor",
    "enum.Role.guest": "guest",
    "enum.GroupKind.steering": "steering group",
    "enum.GroupKind.working": "working group",
    "enum.GroupKind.project": "project group",
    "enum.Language.de": "German",
    "enum.Language.en": "English",
    "enum.MajorityRule.simple": "simple majority",
    "enum.MajorityRule.absolute": "absolute majority",
    "enum.MajorityRule.two-thirds": "two-thirds majority",
    "enum.MajorityRule.unanimous": "unanimity",
    "placeholder.text": "TEXT",
    "placeholder.number": "N",
    "placeholder.bool": "yes|no",
    "placeholder.user": "@user:server",
    "placeholder.email": "EMAIL",
    "placeholder.percent": "PERCENT",
    "placeholder.timezone": "TIMEZONE",
    "placeholder.date": "YYYY-MM-DD",
    "placeholder.time": "HH:MM",
    "placeholder.datetime": "YYYY-MM-DD HH:MM",
    "placeholder.duration": "DURATION",
    "placeholder.param.name": "NAME",
    "placeholder.param.org": "ORGANISATION",
    "placeholder.param.topic": "COMMAND",
    "parse.unclosed_quote": "The quotation mark {quote} is never closed.",
    "command.empty": "There is no command after {p}. For an overview, type {p}help.",
    "command.unknown": "There is no command {p}{word}. For an overview, type {p}help.",
    "command.unknown.suggest": "There is no command {p}{word}. Did you mean {p}{suggestion}?",
    "command.unknown_subcommand": (
        "{p}{command} has no subcommand “{word}”. For an overview, type {p}help {command}."
    ),
    "command.unknown_subcommand.suggest": (
        "{p}{command} has no subcommand “{word}”. Did you mean {p}{suggestion}?"
    ),
    "command.needs_subcommand": (
        "{p}{command} needs a subcommand: {subcommands}. More: {p}help {command}"
    ),
    "arg.unknown_key": "There is no setting “{key}=” here. Possible: {allowed}.",
    "arg.duplicate_key": "“{key}=” is given twice.",
    "arg.too_many": "I don't know what to do with “{value}” here: too many arguments.",
    "arg.missing": "The argument {name} is missing.",
    "arg.missing_key": "The argument {name}=… is missing.",
    "arg.user.invalid": (
        "“{value}” is not a Matrix ID. A Matrix ID looks like this: @first.last:server.org"
    ),
    "arg.number.invalid": "“{value}” is not a number (argument {name}).",
    "arg.text.empty": "The argument {name} is empty.",
    "arg.email.invalid": "“{value}” is not an email address.",
    "arg.percent.invalid": "“{value}” is not a percentage between 0 and 100.",
    "arg.timezone.invalid": "“{value}” is not a known time zone, e.g. Europe/Berlin.",
    "arg.bool.invalid": "“{value}” is neither yes nor no (argument {name}).",
    "arg.date.invalid": "“{value}” is not a date. Please write 2026-12-03 or 3.12.2026.",
    "arg.date.no_year": "“{value}” has no year. Please write 3.12.2026.",
    "arg.date.impossible": "There is no such day as “{value}” in the calendar.",
    "arg.time.invalid": "“{value}” is not a time of day. Please write 14:00.",
    "arg.datetime.no_time": "“{value}” has no time of day. Please write 2026-12-03 14:00.",
    "arg.datetime.nonexistent": (
        "“{value}” does not exist: the clocks go forward to summer time that night."
    ),
    "arg.duration.invalid": "“{value}” is not a duration. Please write 90m, 2h or 1d.",
    "arg.choice.invalid": "“{value}” is not possible (argument {name}). Allowed: {choices}.",
    "usage.form": "Correct form: {usage}",
    "usage.example": "Example: {example}",
    "access.not_member": (
        "{command} is for members of the group, and you are not one (yet). "
        "The coordinators can add you."
    ),
    "access.denied": "Only someone with the role {roles} may run {command}. Your role: {role}.",
    "group.not_set_up": (
        "This room is not a group yet. Set it up with {p}setup NAME, "
        "e.g. {p}setup \"KIM steering group\"."
    ),
    "error.internal": (
        "Sorry, that did not work: an internal error. Nothing was changed; "
        "the operators have been told."
    ),
    "setup.already": "This room is already set up as the group “{name}”. See {p}group.",
    "setup.power_level": (
        "Only moderators of the room (power level {needed} or more) may set it up; "
        "your level is {level}."
    ),
    "setup.done": (
        "The {kind} “{name}” is set up. {user} is registered as coordinator.\n"
        "Next step: add members, e.g. {p}member add @name:server org=\"Jobcenter\" role=member"
    ),
    "group.show": (
        "Group “{name}” ({kind})\n"
        "Language: {language} · Time zone: {timezone}\n"
        "Quorate with more than {quorum} % of the votes · Rule: {rule}\n"
        "Notice period: {notice} days · set up on {created}"
    ),
    "group.set.nothing": "Please say what to change, e.g. {p}group set language=de.",
    "group.set.notice_too_long": "A notice period of {value} days is too long (at most 90).",
    "group.set.changed_line": "• {setting}: {value}",
    "group.set.done": "Changed:\n{changes}",
    "setting.name": "Name",
    "setting.kind": "Kind",
    "setting.language": "Language",
    "setting.timezone": "Time zone",
    "setting.quorum_percent": "Quorum (%)",
    "setting.majority_rule": "Majority rule",
    "setting.notice_days": "Notice period (days)",
    "member.exists": "{user} is already a member. Change their details with {p}member set.",
    "member.added": "{user} ({org}) is now {role}. Votes: {votes}.",
    "member.added.deputy": "{user} is deputy for {principal} (deputy no. {rank}).",
    "member.list.empty": "The group has no members yet. Add some with {p}member add",
    "member.list": "Members of “{group}”: {count}, voting seats: {seats}\n{rows}",
    "member.list.row": "• {org}: {user} – {role}",
    "member.list.row.voting": "• {org}: {user} – {role}, seat",
    "member.list.row.deputy": "• {org}: {user} – {role}, deputy for {principal}",
    "member.unknown": "{user} is not a member of this group. All members: {p}member list",
    "member.show": (
        "{user}\n"
        "Organisation: {org}\n"
        "Role: {role} · votes: {votes}\n"
        "Email: {email}\n"
        "Added on {added} by {added_by}"
    ),
    "member.show.deputy_of": "Deputy for: {principal}",
    "member.show.deputies": "Deputies: {deputies}",
    "member.show.removed": "Removed from the group on {removed}; their records remain.",
    "member.set.nothing": "Please say what to change, e.g. org=\"Sozialamt\" or role=advisor.",
    "member.set.principal_needs_vote": (
        "{user} has deputies ({deputies}) and must therefore keep the vote. "
        "Remove or reassign the deputies first."
    ),
    "member.set.changed_line": "• {setting}: {value}",
    "member.set.done": "Details of {user} changed:\n{changes}",
    "member.field.organisation": "Organisation",
    "member.field.role": "Role",
    "member.field.voting": "votes",
    "member.field.email": "Email",
    "member.field.deputy_of": "deputy for",
    "member.remove.has_deputies": (
        "{user} has deputies ({deputies}). Please remove them first or reassign them with "
        "{p}member set @… deputy-of=…"
    ),
    "member.removed": "{user} is no longer a member. Earlier votes and answers are kept.",
    "member.last_coordinator": (
        "{user} is the last chair or coordinator. Please name another one first, otherwise "
        "nobody can manage the group."
    ),
    "member.deputy.self": "{user} cannot be their own deputy.",
    "member.deputy.principal_unknown": (
        "{principal} is not a member of this group; only members can have deputies."
    ),
    "member.deputy.principal_is_deputy": (
        "{principal} is a deputy themselves (for {of}). Please name the seat itself: "
        "deputy-of={of}"
    ),
    "member.deputy.principal_not_voting": (
        "{principal} does not vote; only seats have deputies."
    ),
    "member.deputy.has_deputies": "{user} has deputies of their own and cannot be a deputy.",
    "help.overview": (
        "Commands (in English or German, e.g. {p}member or {p}mitglied):\n{commands}\n"
        "More about a command: {p}help COMMAND, e.g. {p}help member add"
    ),
    "help.listing": "{commands}\nMore about a command: {p}help COMMAND",
    "help.line": "{command} – {summary}",
    "help.unknown": "There is no help on “{topic}”. All commands: {p}help",
    "help.command": "{usage}\n{summary}\n{details}\nExample: {example}\n{roles}\nAlso: {alias}",
    "help.access.everyone": "Anyone in the room may run it.",
    "help.access.participant": "All members of the group may run it.",
    "help.access.contributor": "May run it: {roles}.",
    "help.access.coordinator": "May run it: {roles}.",
    "help.setup": "Sets this room up as a group.",
    "help.setup.details": (
        "Whoever runs it as a moderator of the room becomes coordinator. "
        "kind= is steering, working or project."
    ),
    "example.setup": "{p}setup \"KIM steering group\" kind=steering",
    "help.group": "Shows the group's settings.",
    "help.group.details": (
        "Name, kind, language, time zone, quorum, majority rule, notice period."
    ),
    "example.group": "{p}group",
    "help.group.set": "Changes the group's settings.",
    "help.group.set.details": (
        "language=de|en switches all replies; quorum= in percent of the votes; "
        "notice-days= is the notice period."
    ),
    "example.group.set": "{p}group set language=de quorum=50 rule=simple",
    "help.member.add": "Adds a member with organisation and role.",
    "help.member.add.details": (
        "Roles: chair, coordinator, member (votes), advisor, guest. deputy-of= makes the "
        "person a deputy for a seat."
    ),
    "example.member.add": (
        "{p}member add @anna.schmidt:city.org org=\"Jobcenter\" role=member "
        "email=anna.schmidt@city.org"
    ),
    "help.member.list": "Lists the members by organisation, with seats and deputies.",
    "help.member.list.details": "Deputies are listed with the seat they stand in for.",
    "example.member.list": "{p}member list",
    "help.member.show": "Shows everything stored about a member.",
    "help.member.show.details": "Removed members are shown too, with the date.",
    "example.member.show": "{p}member show @anna.schmidt:city.org",
    "help.member.set": "Changes organisation, role, email, voting right or deputy seat.",
    "help.member.set.details": "email=- or deputy-of=none clears the setting.",
    "example.member.set": "{p}member set @anna.schmidt:city.org role=advisor",
    "help.member.remove": "Removes a member; their records remain.",
    "help.member.remove.details": "Deputies must be removed or reassigned first.",
    "example.member.remove": "{p}member remove @anna.schmidt:city.org",
    "help.help": "Lists all commands, or explains one.",
    "help.help.details": "Commands exist in English and German; both work.",
    "example.help": "{p}help member add",
}

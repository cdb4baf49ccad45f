"""English. Every entry mirrors one in `de.py`; a test checks keys and parameters match."""

MESSAGES: dict[str, str | tuple[str, str]] = {
    "value.yes": "yes",
    "value.no": "no",
    "value.datetime": "{day}, {time}",
    "value.time_range": "{day}, {start}–{end}",
    "value.time_range.days": "{start} to {end}",
    "value.days": "{n} days",
    "value.hours": "{n} hours",
    "value.minutes": "{n} minutes",
    "value.seconds": "{n} seconds",
    "value.days.one": "1 day",
    "value.hours.one": "1 hour",
    "value.minutes.one": "1 minute",
    "value.seconds.one": "1 second",
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
    "arg.number.too_large": "“{value}” is too large for a number (argument {name}).",
    "arg.text.empty": "The argument {name} is empty.",
    "arg.text.too_long": "“{start}” is too long: {name} takes at most {most} characters.",
    "arg.email.invalid": "“{value}” is not an email address.",
    "arg.percent.invalid": "“{value}” is not a percentage between 0 and 100.",
    "arg.timezone.invalid": "“{value}” is not a known time zone, e.g. Europe/Berlin.",
    "arg.bool.invalid": "“{value}” is neither yes nor no (argument {name}).",
    "arg.date.invalid": "“{value}” is not a date. Please write 2026-12-03 or 3.12.2026.",
    "arg.date.no_year": "“{value}” has no year. Please write 3.12.2026.",
    "arg.date.impossible": "There is no such day as “{value}” in the calendar.",
    "arg.date.out_of_range": "“{value}” is not between the years {first} and {last}.",
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
        "Notice period: {notice} days\n"
        "Written procedure: {circular_rule}, period {circular_days} days\n"
        "Names in the group's calendar feed: {feed_attendees}\n"
        "Reminders before meetings: {reminders}\n"
        "Announce answers from calendars by email in the room: {announce_mail_replies}\n"
        "Show the interim tally of running polls: {live_tally}\n"
        "Reminder of missing votes: {poll_nudge}\n"
        "Keep reports: {report_retention}\n"
        "Objections to minutes: {objection_days} days\n"
        "Published on the web: {publish} · with names: {publish_names}\n"
        "Set up on {created}"
    ),
    "group.set.nothing": "Please say what to change, e.g. {p}group set language=de.",
    "group.set.notice_too_long": "A notice period of {value} days is too long (at most 90).",
    "group.set.circular_days": "The written procedure's period must be 1 to 60 days, not {value}.",
    "setting.circular_rule": "Rule of the written procedure",
    "setting.circular_days": "Period of the written procedure (days)",
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
        "Matrix ID: {matrix_id}\n"
        "Organisation: {org}\n"
        "Role: {role} · votes: {votes}\n"
        "Email: {email} · Reminders: {notify}\n"
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
    "member.field.notify": "Reminders",
    "enum.Notify.matrix": "in the room",
    "enum.Notify.email": "in the room and by email",
    "member.notify.needs_email": "Reminders by email need an email address: please give it with email=….",
    "reminder.mail.subject": "Reminder: {title}",
    "reminder.mail.item_subject": "Reminder: open item no. {number}",
    "reminder.mail.footer": "\n\n— {group}. You also get this reminder by email (notify=email).",
    "member.field.name": "Name",
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
        "More: {p}help member shows every member command with an example, "
        "{p}help member add explains one command."
    ),
    "help.listing": "{commands}\nMore about a command: {p}help COMMAND",
    "help.family": "{command} ({others})",
    "help.family.own": "{command} – {summary} Also: {others}",
    "help.line": "{command} – {summary}",
    "help.line.example": "{command} – {summary}\n    Example: {example}",
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
        "notice-days= is the notice period; circular-rule= and circular-days= are the rule "
        "and period of the written procedure; live-tally=yes shows the interim tally of "
        "running open polls; poll-nudge=24h reminds the seats that have not voted that long "
        "before the deadline (poll-nudge=off turns it off); report-retention=365 removes the "
        "files and texts of reports that many days after their meeting (0: never); "
        "minutes-objection-days=14 is the period for objections to draft minutes; "
        "publish=none|members|public publishes meetings, agendas and decisions on the web "
        "(OParl and pages) — not at all, to members through a personal link ({p}web), or to "
        "anyone; publish-names=yes names the members there."
    ),
    "example.group.set": "{p}group set language=de quorum=50 rule=simple",
    "help.member.add": "Adds a member with organisation and role.",
    "help.member.add.details": (
        "Roles: chair, coordinator, member (votes), advisor, guest. deputy-of= makes the "
        "person a deputy for a seat. name= is the name shown in answers, invitations and "
        "calendars (else their Matrix display name)."
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
    "help.member.set.details": (
        "email=-, name=- or deputy-of=none clears the setting. notify=email sends the "
        "reminders by email too."
    ),
    "example.member.set": "{p}member set @anna.schmidt:city.org role=advisor",
    "help.member.remove": "Removes a member; their records remain.",
    "help.member.remove.details": (
        "Deputies must be removed or reassigned first. purge=yes also erases all of the "
        "person's data (GDPR); the decision log then names them by pseudonym only."
    ),
    "example.member.remove": "{p}member remove @anna.schmidt:city.org",
    "help.help": "Lists all commands, or explains one.",
    "help.help.details": "Commands exist in English and German; both work.",
    "example.help": "{p}help member add",
    # Polls
    "enum.PollMode.open": "open",
    "enum.PollMode.circular": "written procedure",
    "enum.PollMode.findtime": "date finding",
    "enum.Outcome.adopted": "adopted",
    "enum.Outcome.rejected": "rejected",
    "enum.Outcome.not-decided": "not decided",
    "placeholder.deadline": "YYYY-MM-DD HH:MM|DURATION",
    "placeholder.param.question": "\"QUESTION\"",
    "placeholder.param.options": "\"OPTION\"",
    "placeholder.param.answer": "ANSWER",
    "placeholder.param.number": "NO",
    "arg.deadline.invalid": (
        "“{value}” is not a deadline. Please write 2026-12-03 18:00 or a duration like 3d or 12h."
    ),
    "poll.answer.open.yes": "Yes",
    "poll.answer.open.no": "No",
    "poll.answer.open.abstain": "Abstain",
    "poll.answer.circular.yes": "Consent",
    "poll.answer.circular.no": "Objection",
    "poll.answer.circular.abstain": "Abstain",
    "poll.circular.no_options": (
        "A written procedure is answered with Consent / Objection / Abstain; it has no options "
        "of its own."
    ),
    "poll.started.circular": (
        "Written procedure no. {number} is open {until}. Rule: {rule}; more than half of the "
        "seats must answer (from {needed} of {seats}). On an objection or too few answers the "
        "question goes on the agenda of the next meeting."
    ),
    "poll.circular.to_agenda": (
        "The written procedure did not succeed; the question is on the agenda of the next "
        "meeting."
    ),
    "decision.number.circular": "{number} (written procedure)",
    "poll.not_yet": "{what} is not available yet; please vote openly in the room.",
    "poll.no_seats": (
        "The group has no voting members yet. Add them: "
        "{p}member add @name:server org=… role=member"
    ),
    "poll.deadline.past": "The deadline {deadline} is not in the future.",
    "poll.options.too_few": (
        "A poll needs at least two options, not just “{option}”. Without options the answers "
        "are Yes / No / Abstain. Put a question of several words in quotes."
    ),
    "poll.options.too_many": "{n} options are too many; at most {max}.",
    "poll.options.duplicate": "The option “{option}” is given twice.",
    "poll.fallback": "Poll no. {number}: {question}",
    "poll.fallback.option": "{n}. {label}",
    "poll.fallback.how": "To vote: {p}vote {number} {example}",
    "poll.until": "until {deadline}",
    "poll.open_end": "without a deadline (until it is closed)",
    "poll.started": (
        "Poll no. {number} is open {until}. Rule: {rule}; quorate from {needed} of {seats} "
        "votes. To end it early: {p}poll close {number}"
    ),
    "poll.unknown": "There is no poll no. {number} in this group.",
    "poll.closed": "Poll no. {number} has already ended.",
    "poll.ended": "Poll no. {number} “{question}” has ended.",
    "poll.cancelled.fallback": "Poll no. {number} was cancelled.",
    "poll.list.none": "No poll is open at the moment.",
    "poll.list": "Open polls:\n{rows}",
    "poll.list.row": "• No. {number}: {question} ({until})",
    "poll.show.open": (
        "{status}\nOptions: {options} · rule: {rule} · quorate with more than {quorum} % of "
        "the seats"
    ),
    "poll.show.closed": "Poll no. {number}: {question}\nEnded on {closed}.\n{result}",
    "poll.show.cancelled": "Poll no. {number}: {question}\nCancelled on {closed} by {by}.",
    "poll.close.done": "Poll no. {number} is closed (decision {decision}).",
    "poll.cancel.done": "Poll no. {number} “{question}” is cancelled; no decision is recorded.",
    "poll.vote.counted": "Your vote on poll no. {number} is counted: {answer}.",
    "poll.vote.as_deputy": (
        "You vote as deputy for {principal}; if {principal} votes, their vote counts."
    ),
    "poll.vote.not_voting": (
        "You have no vote in this group (role: {role}); your answer is not counted."
    ),
    "poll.vote.unknown_answer": "“{answer}” is not an answer of this poll. Possible: {answers}.",
    "poll.refused.not_member": (
        "You answered poll no. {number} (“{question}”) in “{group}”. You are not a member of "
        "this group, so your answer is not counted. If this is a mistake, please contact the "
        "coordinators."
    ),
    "poll.refused.not_voting": (
        "You answered poll no. {number} (“{question}”) in “{group}”. As {role} you have no "
        "vote, so your answer is not counted."
    ),
    # Decisions
    "decision.result": (
        "Decision {number}: {verdict} — {counts}; {represented} of {seats} votes represented; "
        "{quorate}."
    ),
    "decision.count": "{label} {n}",
    "decision.quorate": "quorate",
    "decision.not_quorate": "not quorate",
    "decision.verdict.unanimous": "adopted unanimously",
    "decision.verdict.adopted": "adopted by majority",
    "decision.verdict.unanimous.option": "adopted unanimously: “{option}”",
    "decision.verdict.adopted.option": "adopted by majority: “{option}”",
    "decision.verdict.rejected": "rejected",
    "decision.verdict.not_decided": "not decided",
    "decision.recorded.line": "Decision {number}: {text}",
    "decision.number.invalid": "“{value}” is not a decision number. Please write 2026/007 or 7.",
    "decision.unknown": "There is no decision {number} in this group.",
    "decision.list.none": "No decisions have been recorded yet.",
    "decision.list.none_matching": "No decision contains “{text}”.",
    "decision.list": "Decisions ({count}), newest first:\n{rows}",
    "decision.list.row": "• {number} of {date}: {outcome} – {text}",
    "decision.list.more": "Showing the last {shown}; all of them: {p}decision export md",
    "decision.show": (
        "Decision {number}\n{text}\nDate: {decided}\n{result}\n"
        "Recorded by {recorded_by} · checksum {hash}…"
    ),
    "decision.show.poll": "Poll no. {poll}; rule: {rule}; quorate with more than {quorum} %",
    "decision.show.votes": "Votes:\n{votes}",
    "decision.show.vote": "• {org}: {voter} – {answer}{deputy}",
    "decision.show.vote.deputy": " (as deputy for {seat})",
    "decision.show.corrects": "Corrects decision {number}.",
    "decision.recorded": "Recorded as decision {number}: {text}",
    "decision.recorded.corrects": "It corrects decision {number}, which stays in the log unchanged.",
    "decision.export.filename": "decisions",
    "decision.export.done": "The {count} decisions are in the file {filename}.",
    "decision.export.md.title": "# Decisions – {group}",
    "decision.export.md.entry": "## Decision {number} of {date}",
    "decision.export.column.number": "Number",
    "decision.export.column.date": "Date",
    "decision.export.column.text": "Decision",
    "decision.export.column.outcome": "Outcome",
    "decision.export.column.yes": "Yes",
    "decision.export.column.no": "No",
    "decision.export.column.abstain": "Abstain",
    "decision.export.column.represented": "Represented",
    "decision.export.column.seats": "Seats",
    "decision.export.column.result": "Wording",
    "decision.export.column.hash": "Checksum",
    "decision.verify.ok": "The decision log is unchanged (entries checked: {count}).",
    "decision.verify.broken.content": (
        "Warning: decision {number} was changed afterwards (its checksum does not match). "
        "Please inform the operators."
    ),
    "decision.verify.broken.link": (
        "Warning: an entry before decision {number} was changed or removed (the chain of "
        "checksums is broken). Please inform the operators."
    ),
    # Help for polls and decisions
    "help.poll": "Starts a poll in the room (Yes / No / Abstain or your own options).",
    "help.poll.details": (
        "Members vote by clicking; per seat the last answer counts, else the first deputy's. "
        "rule= and quorum= override the group's rules; deadline= is a date or a duration "
        "(3d, 12h). With secret, members vote by direct message and only the result is "
        "published. then=\"MANDATE\" with assign=/org= and due= becomes an open item if "
        "adopted."
    ),
    "example.poll": "{p}poll \"Shall the integration centre commission the language course report?\" deadline=3d",
    "help.poll.show": "Shows where a poll stands (without a number: all open polls).",
    "help.poll.show.details": (
        "Like the status message in the room: how many seats have voted, whether the vote "
        "is quorate, which organisations are missing, the time left; the interim tally only "
        "with {p}group set live-tally=yes, never for secret polls."
    ),
    "example.poll.show": "{p}poll show 3",
    "help.poll.close": "Ends a poll now and records the result.",
    "help.poll.close.details": "What has been voted until now is counted.",
    "example.poll.close": "{p}poll close 3",
    "help.poll.cancel": "Cancels a poll without a decision.",
    "help.poll.cancel.details": "The answers stay stored but are not counted.",
    "example.poll.cancel": "{p}poll cancel 3",
    "help.vote": "Votes by text – the same as clicking the poll.",
    "help.vote.details": (
        "Answer by number or text: yes, no, abstain or an option. Only voting members are "
        "counted. For secret polls, in the direct message with the bot."
    ),
    "example.vote": "{p}vote 3 yes",
    "help.decision.list": "Lists the decisions, optionally only those containing a word.",
    "help.decision.list.details": "Newest first.",
    "example.decision.list": "{p}decision list language",
    "help.decision.show": "Shows a decision with its count and votes.",
    "help.decision.show.details": "Number as 2026/007 or, for this year, just 7.",
    "example.decision.show": "{p}decision show 2026/007",
    "help.decision.record": "Records a decision taken outside a chat poll, e.g. in the meeting.",
    "help.decision.record.details": (
        "corrects= corrects an earlier decision; the old entry stays unchanged. "
        "assign=@name:server or org=… and due= hand on a mandate as an open item."
    ),
    "example.decision.record": "{p}decision record The meeting of 3 Dec adopts the annual report.",
    "help.decision.export": "Sends the decision log as a file (md, csv, json or pdf).",
    "help.decision.export.details": "CSV with semicolons, for spreadsheets; pdf is the decision book for the files, with a year only that year's decisions.",
    "example.decision.export": "{p}decision export csv",
    "help.decision.verify": "Checks that the decision log is unchanged.",
    "help.decision.verify.details": "Each entry carries a checksum over itself and the one before.",
    "example.decision.verify": "{p}decision verify",
    "poll.secret.announced": (
        "Secret poll no. {number}: {question}\n"
        "Voting members receive their ballot by direct message and vote there, {until}. "
        "Only the result is published."
    ),
    "poll.secret.ballot": "Ballot – secret poll no. {number} in “{group}” ({until}):\n{question}",
    "poll.secret.how": (
        "Answer here in this direct message, e.g. {p}vote {number} {example}. "
        "Your vote cannot be changed afterwards."
    ),
    "poll.secret.deputy": (
        "You are deputy for {principal}. The first ballot cast for the seat counts."
    ),
    "poll.secret.not_here": (
        "Poll no. {number} is secret: please vote in your direct message with the bot, not "
        "here in the room. This message was not counted."
    ),
    "poll.secret.none": "There is no open secret poll no. {number} in which you have a vote.",
    "poll.secret.ambiguous": (
        "Secret polls no. {number} are open in several groups ({groups}). The bot cannot tell "
        "them apart here; please contact the coordinators."
    ),
    "poll.secret.cast": (
        "Your ballot for secret poll no. {number} in “{group}” has been cast. Only the fact "
        "that your seat voted is stored, apart from the vote."
    ),
    "poll.secret.already": "You have already voted in poll no. {number}.",
    "poll.secret.seat_taken": "{voter} has already voted for your seat in poll no. {number}.",
    # Open items
    "enum.ItemState.open": "open",
    "enum.ItemState.done": "done",
    "enum.ItemState.dropped": "dropped",
    "enum.ItemFilter.open": "open",
    "enum.ItemFilter.done": "done",
    "enum.ItemFilter.all": "all",
    "placeholder.param.then": "MANDATE",
    "item.owner.user": "{user}",
    "item.owner.org": "{org}",
    "item.owner.none": "not assigned",
    "item.due": "due {due}",
    "item.due.none": "no due date",
    "item.added": "Item no. {number} is noted: {text} ({owner}, {due}).",
    "item.list.none": "No items ({which}).",
    "item.list": "Items ({which}, {count}):\n{rows}",
    "item.list.row": "• No. {number}: {text} – {owner}, {due}",
    "item.list.row.overdue": "• No. {number}: {text} – {owner}, {due} – OVERDUE",
    "item.show": "Item no. {number}: {text}\nState: {state} · {owner} · {due}",
    "item.show.mandate": "Mandate from decision {decision}.",
    "item.show.history": "History:\n{events}",
    "item.history.created": "• {at}: created by {by}",
    "item.history.assigned": "• {at}: {by} assigns it to {detail}",
    "item.history.due": "• {at}: {by} sets the due date to {detail}",
    "item.history.note": "• {at}: note by {by}: {detail}",
    "item.history.done": "• {at}: done ({by})",
    "item.history.dropped": "• {at}: dropped ({by})",
    "item.unknown": "There is no item no. {number} in this group. Overview: {p}item list",
    "item.closed": "Item no. {number} is already {state}.",
    "item.not_yours": (
        "Item no. {number} lies with {owner}. It can be marked done by them, by whoever created "
        "it, and by the chair and coordinators."
    ),
    "item.done": "Item no. {number} is done: {text}",
    "item.assign.nobody": "Please say whom to assign it to: @name:server or org=….",
    "item.owner.both": "Please give only one: a person or an organisation (org=…).",
    "item.assigned": "Item no. {number} now lies with {owner}.",
    "item.due.set": "Item no. {number} is due {due}.",
    "item.due.past": "The date {due} is in the past.",
    "item.noted": "The note on item no. {number} is saved.",
    "item.dropped": "Item no. {number} is dropped: {text}. Its history is kept.",
    "decision.mandate": "Mandate: item no. {item} ({owner}, {due}).",
    "decision.show.mandate": "Mandate: item no. {item} ({owner}, {state}).",
    "help.item.add": "Notes an open item and answers with its number.",
    "help.item.add.details": "owner=@name:server or org=… makes someone responsible; due= is the due date.",
    "example.item.add": "{p}item add Present the language course report org=\"Jobcenter\" due=2027-01-15",
    "help.item.list": "Lists open, done or all items.",
    "help.item.list.details": "owner=@name:server shows only one person's items.",
    "example.item.list": "{p}item list all",
    "help.item.show": "Shows an item with its history.",
    "help.item.show.details": "Done and dropped items too.",
    "example.item.show": "{p}item show 3",
    "help.item.done": "Marks an item as done.",
    "help.item.done.details": "Allowed for those responsible, its creator, the chair and coordinators.",
    "example.item.done": "{p}item done 3",
    "help.item.assign": "Assigns an item to a person or an organisation.",
    "help.item.assign.details": "A person as @name:server or an organisation with org=….",
    "example.item.assign": "{p}item assign 3 @anna.schmidt:city.org",
    "help.item.due": "Sets an item's due date.",
    "help.item.due.details": "Date as 2027-01-15 or 15.1.2027.",
    "example.item.due": "{p}item due 3 2027-01-15",
    "help.item.note": "Adds a note to an item (with name and time).",
    "help.item.note.details": "Notes stay in the history.",
    "example.item.note": "{p}item note 3 Draft is with the coordinators",
    "help.item.drop": "Drops an item; its history is kept.",
    "help.item.drop.details": "For items that no longer need doing.",
    "example.item.drop": "{p}item drop 3",
    # Meetings
    "enum.Repeat.weekly": "weekly",
    "enum.Repeat.monthly": "monthly",
    "enum.RsvpAnswer.yes": "yes",
    "enum.RsvpAnswer.no": "no",
    "enum.RsvpAnswer.maybe": "maybe",
    "placeholder.param.title": "TITLE",
    "placeholder.param.location": "PLACE",
    "placeholder.param.reason": "REASON",
    "placeholder.param.agenda": "NO,NO",
    "meeting.default_title": "Meeting {group}",
    "meeting.repeat.none": "single meeting",
    "meeting.repeat.weekly": "weekly",
    "meeting.repeat.monthly": "monthly",
    "meeting.answer.yes": "yes",
    "meeting.answer.no": "no",
    "meeting.answer.maybe": "maybe",
    "meeting.answer.none": "no answer",
    "meeting.state.planned": "planned",
    "meeting.state.cancelled": "cancelled",
    "meeting.ics.agenda": "Agenda:",
    "meeting.announcement": (
        "Invitation: {title} (meeting no. {number}, {repeat})\n{when}\nPlace: {location}\n"
        "Agenda:\n{agenda}\n"
        "Please answer with ✅ (yes), ❌ (no) or ❔ (maybe) on this message, or with "
        "{p}rsvp {number} yes|no|maybe. The invitation for your calendar is attached."
    ),
    "meeting.moved": (
        "Moved: {title} (meeting no. {number}) does not take place on {before} but:\n"
        "{when}\nPlace: {location}\nPlease answer again with ✅ / ❌ / ❔ on this message. "
        "The updated invitation is attached."
    ),
    "meeting.cancelled.announcement": (
        "Cancelled: {title} (meeting no. {number}) on {when}.\nReason: {reason}\n"
        "The cancellation for your calendar is attached."
    ),
    "meeting.scheduled": "Meeting no. {number} “{title}” is scheduled: {when}. The invitation has been sent.",
    "meeting.notice.late": "Note: the notice period of {days} days is missed by {by}.",
    "meeting.notice.late_agenda": (
        "Note: the agenda changes within the notice period of {days} days ({by} too late)."
    ),
    "meeting.in_past": "The time {when} is not in the future.",
    "meeting.too_long": "A meeting of {duration} is too long (at most 12 hours).",
    "meeting.until_without_repeat": "until= only goes with repeat=weekly or repeat=monthly.",
    "meeting.until_before_start": "The end of the series ({until}) is before the first meeting.",
    "meeting.clash": "Meeting no. {number} “{title}” is already scheduled then: {when}.",
    "meeting.unknown": "There is no meeting no. {number} in this group. Overview: {p}meeting list",
    "meeting.no_date": "Meeting no. {number} does not take place on {on}.",
    "meeting.cancelled": "Meeting no. {number} is cancelled.",
    "meeting.series.needs_on": (
        "Meeting no. {number} is a series: please name the day with on=YYYY-MM-DD. To move a "
        "whole series, cancel it and schedule it anew."
    ),
    "meeting.list.none": "No meetings are scheduled. New: {p}meeting schedule YYYY-MM-DD HH:MM",
    "meeting.list": "Next meetings:\n{rows}",
    "meeting.list.row": "• No. {number}: {title} – {when}, {location}",
    "meeting.list.row.cancelled": "• No. {number}: {title} – {when} – CANCELLED",
    "meeting.show": "Meeting no. {number}: {title}\n{when}\nPlace: {location} · {repeat} · {state}",
    "meeting.agenda": "Agenda:\n{entries}",
    "meeting.agenda.of": "Agenda of meeting no. {number} ({when}):\n{entries}",
    "meeting.agenda.empty": "(no points yet)",
    "meeting.agenda.entry": "{position}. {text}",
    "meeting.agenda.entry.auto": "{position}. {text} ({source})",
    "meeting.agenda.source.coordinator": "by the coordinators",
    "meeting.agenda.source.member": "by a member",
    "meeting.agenda.source.item-due": "automatic: open item falls due",
    "meeting.agenda.source.circular": "automatic: written procedure did not succeed",
    "meeting.agenda.say_add": "To add: {p}meeting agenda {number} add TEXT",
    "meeting.agenda.text_or_item": "Please give either a text or item=NO.",
    "meeting.agenda.numbers": "“{value}” are not item numbers. Please write agenda=3,5",
    "meeting.agenda.added": "Agenda of meeting no. {number} extended: {position}. {text}",
    "meeting.attendance": "Attendance at meeting no. {number} ({when}):\n{seats}",
    "meeting.attendance.seat": "• {org}: {user} – {answer}{comment}{deputy}",
    "meeting.attendance.comment": " (“{comment}”)",
    "meeting.attendance.deputy": "; represented by {user}",
    "meeting.attendance.no_seats": "• (no voting seats)",
    "meeting.attendance.others": "Without a vote:\n{rows}",
    "meeting.attendance.other": "• {org}: {user} ({role}) – {answer}{comment}",
    "meeting.forecast.quorate": "{confirmed} of {seats} votes confirmed — quorate from {needed}.",
    "meeting.forecast.not_quorate": (
        "{confirmed} of {seats} votes confirmed — quorate from {needed}: as things stand, not "
        "quorate."
    ),
    "meeting.present.done": "Present at meeting no. {number} ({count}): {people}",
    "meeting.move.done": "Meeting no. {number} is moved to {when}; the update has been sent.",
    "meeting.cancel.done": "Meeting no. {number} ({when}) is cancelled; the cancellation has been sent.",
    "meeting.rsvp.done": "Your answer for meeting no. {number} ({when}): {answer}.",
    "meeting.deputy.asked": (
        "{deputies}: {principal} has declined meeting no. {number} “{title}” on {start}. "
        "Can you represent the seat? Please answer with ✅ or ❌ on the invitation or with "
        "{p}rsvp {number} yes|no."
    ),
    "help.meeting.schedule": "Schedules a meeting and sends the invitation with a calendar file.",
    "help.meeting.schedule.details": (
        "duration= (default 90m), title=, location=, repeat=weekly|monthly with until=DATE, "
        "agenda=3,5 puts open items on the agenda. Items falling due and failed written "
        "procedures are added by themselves. online=URL (or online=yes for the city's video "
        "service) makes the meeting hybrid or online: the link is in the invitation, the "
        "calendar and the reminders."
    ),
    "example.meeting.schedule": "{p}meeting schedule 2026-12-03 14:00 duration=90m location=\"Town hall, room 101\"",
    "help.meeting.list": "Shows the next meetings.",
    "help.meeting.list.details": "Cancelled meetings are shown as such.",
    "example.meeting.list": "{p}meeting list",
    "help.meeting.show": "Shows a meeting with its agenda and answers.",
    "help.meeting.show.details": "For a series, on=YYYY-MM-DD shows one day.",
    "example.meeting.show": "{p}meeting show 3",
    "help.meeting.move": "Moves a meeting and sends the updated invitation.",
    "help.meeting.move.details": "For a series, name the day to move with on=YYYY-MM-DD.",
    "example.meeting.move": "{p}meeting move 3 2026-12-10 14:00",
    "help.meeting.cancel": "Cancels a meeting and sends the cancellation.",
    "help.meeting.cancel.details": "For a series, on=YYYY-MM-DD cancels only that day; without on= the whole series.",
    "example.meeting.cancel": "{p}meeting cancel 3 Illness",
    "help.meeting.agenda": "Shows or extends a meeting's agenda.",
    "help.meeting.agenda.details": "add TEXT, or add item=NO for an open item.",
    "example.meeting.agenda": "{p}meeting agenda 3 add Report of the integration centre",
    "help.meeting.attendance": "Shows who said yes or no, and whether the meeting will be quorate.",
    "help.meeting.attendance.details": "Per seat, with deputies; advisors and guests apart. chart=yes also posts the forecast as a chart.",
    "example.meeting.attendance": "{p}meeting attendance 3",
    "help.meeting.present": "Records who was actually present.",
    "help.meeting.present.details": "Several people separated by spaces.",
    "example.meeting.present": "{p}meeting present 3 @anna.schmidt:city.org @ben.meier:city.org",
    "help.rsvp": "Answers an invitation – like ✅ / ❌ / ❔ on the announcement.",
    "help.rsvp.details": "A later answer replaces an earlier one.",
    "example.rsvp": "{p}rsvp 3 yes",
    # Calendar
    "setting.feed_attendees": "Names in the calendar feed",
    "calendar.sent": "I have sent you the calendar links by direct message.",
    "calendar.revoked": (
        "Your previous calendar links ({count}) no longer work; I have sent you new ones by "
        "direct message."
    ),
    "calendar.links": (
        "Calendars of “{group}” to subscribe to (Outlook: Add calendar → From internet; "
        "Thunderbird: New calendar → On the network):\n"
        "Your personal calendar, with your answers: {personal}\n"
        "The group's calendar: {shared}\n"
        "Please do not pass the links on. {p}calendar revoke makes them invalid."
    ),
    "calendar.links.renewed": (
        "New calendar links for “{group}”; the old ones no longer work:\n"
        "Your personal calendar: {personal}\n"
        "The group's calendar: {shared}"
    ),
    "calendar.name.group": "{group}",
    "calendar.name.personal": "{group} (personal)",
    "help.calendar": "Sends you links to subscribe to the meetings, by direct message.",
    "help.calendar.details": (
        "A personal calendar with your answers and the group's calendar; any calendar app "
        "that subscribes to internet calendars (ICS) can read them."
    ),
    "example.calendar": "{p}calendar",
    "help.calendar.revoke": "Makes your calendar links invalid and sends new ones.",
    "help.calendar.revoke.details": "For instance when a link got into the wrong hands.",
    "example.calendar.revoke": "{p}calendar revoke",
    "meeting.announcement.subject": "Invitation: {title}, {when}",
    "meeting.moved.subject": "Moved: {title}, now {when}",
    "meeting.cancelled.announcement.subject": "Cancelled: {title}, {when}",
    "meeting.mail.status": "Email invitations: {sent} delivered, {waiting} waiting.",
    "meeting.mail.failure": "• to {recipient}: {error} ({attempts} attempts; {state})",
    "meeting.mail.retrying": "will be retried",
    "meeting.mail.given_up": "given up",
    "meeting.mail.answers": "Answers by email: {applied} taken.",
    "meeting.mail.stale": "{n} answers by email to an older version of the invitation not taken.",
    "meeting.mail.unassigned": "{n} answers by email could not be matched.",
    "setting.announce_mail_replies": "Announce answers by email in the room",
    # Answers from calendar programs by email
    "mail.reply.yes": "{user} ({org}) accepted through their calendar: meeting no. {number}, {when}{more}.",
    "mail.reply.no": "{user} ({org}) declined through their calendar: meeting no. {number}, {when}{more}.",
    "mail.reply.maybe": (
        "{user} ({org}) answered “maybe” through their calendar: meeting no. {number}, "
        "{when}{more}."
    ),
    "mail.reply.more_dates": " (and {n} more dates of the series)",
    "mail.counter": (
        "{user} ({org}) proposes another time for meeting no. {number} ({when}): "
        "{proposed}. {comment}\nTo move it: {command}"
    ),
    "mail.counter.command": "meeting move",
    "mail.refresh.text": (
        "Hello,\n\nyou asked for the invitation to “{title}” (meeting no. {number}) again. "
        "It is attached to this message."
    ),
    # Reminders
    "setting.reminders": "Reminders before meetings",
    "reminders.invalid": (
        "“{value}” are not reminder times. Please give up to {max} durations with commas, e.g. "
        "reminders=7d,1d or reminders=2h."
    ),
    "reminders.too_far": "“{value}”: reminders go at most 30 days before a meeting.",
    "reminder.meeting": (
        "Reminder ({offset} ahead): {title} (meeting no. {number})\n{when}\nPlace: {location}"
    ),
    "reminder.meeting.silent": (
        "No answer yet from {users}. Please answer with ✅ / ❌ / ❔ on the invitation or "
        "with {p}rsvp {number} yes|no|maybe."
    ),
    "reminder.meeting.not_quorate": (
        "Note to {users}: according to the answers, the meeting will not be quorate."
    ),
    "reminder.item.due": "Reminder to {users}: item no. {number} “{text}” is due today ({due}).",
    "reminder.item.overdue": (
        "Reminder to {users}: item no. {number} “{text}” has been overdue since {due}. "
        "Done? {p}item done {number}"
    ),
    # Status
    "status.heading": "Status of “{group}”:",
    "status.meeting": "Next meeting: no. {number} “{title}”, {when}",
    "status.meeting.none": "Next meeting: none scheduled.",
    "status.polls": "Open polls ({count}):\n{rows}",
    "status.poll": "• No. {number}: {question} ({until})",
    "status.overdue": "Overdue items ({count}):\n{rows}",
    "status.item": "• No. {number}: {text} (due {due})",
    "status.items_more": "• … and {n} more; all of them: {p}item list",
    "status.reminders": "Planned reminders ({count}):\n{rows}",
    "status.reminder.meeting": "• {at}: reminder of meeting no. {number}",
    "status.reminder.item": "• {at}: reminder of item no. {number}",
    "status.reminder.poll": "• {at}: reminder of poll no. {number}",
    "status.reminders_more": "• … and {n} more",
    "status.none": "• none",
    "help.status": "Shows what the bot is doing for the group right now.",
    "help.status.details": "Next meeting, open polls, overdue items, planned reminders.",
    "example.status": "{p}status",
    # Minutes
    "minutes.filename": "minutes",
    "minutes.title": "# Minutes: {title}",
    "minutes.meta": "{group} · {when} · Place: {location}",
    "minutes.present": "## Present",
    "minutes.absent": "## Absent",
    "minutes.person": "- {org}: {user} ({note})",
    "minutes.role": "{role}",
    "minutes.seat": "- {org} ({note})",
    "minutes.as_deputy": "as deputy for {principal}",
    "minutes.excused": "excused",
    "minutes.unexcused": "not excused",
    "minutes.nobody": "- nobody recorded",
    "minutes.agenda": "## Agenda",
    "minutes.decisions": "## Decisions",
    "minutes.items": "## Open items",
    "minutes.item.opened": "- new: no. {number} – {text}",
    "minutes.item.closed": "- done: no. {number} – {text}",
    "minutes.none": "- none",
    "minutes.done": (
        "Minutes of meeting no. {number} ({when}): {present} present, {decisions} decisions, "
        "{opened} new and {closed} closed items. File: {filename}"
    ),
    "help.meeting.minutes": "Writes the minutes of a meeting as a Markdown file.",
    "help.meeting.minutes.details": (
        "Attendance (from {p}meeting present), agenda, decisions and items of the day."
    ),
    "example.meeting.minutes": "{p}meeting minutes 3",
    # Reports
    "placeholder.param.start": "FROM",
    "placeholder.param.end": "TO",
    "report.range": "The period is the wrong way round: {start} is after {end}.",
    "report.heading": "Participation from {start} to {end} (table and CSV as files):\n{sections}",
    "report.group": "{group} ({kind}):\n{rows}",
    "report.row": (
        "• {org}: invited {invited}, attended {attended}{by_deputy}, declined {declined}, "
        "no answer {unanswered}, said yes but absent {absent}"
    ),
    "report.by_deputy": " ({count} of them by deputy)",
    "report.empty": "• no meetings in the period",
    "report.filename": "participation",
    "report.md.title": "# Participation from {start} to {end}",
    "report.column.group": "Group",
    "report.column.organisation": "Organisation",
    "report.column.invited": "invited",
    "report.column.attended": "attended",
    "report.column.declined": "declined",
    "report.column.unanswered": "no answer",
    "report.column.absent": "said yes, absent",
    "report.column.by_deputy": "attended by deputy",
    "help.report.participation": "Shows how the organisations take part in the meetings.",
    "help.report.participation.details": (
        "Period FROM TO (default: since the start of the year); attending by deputy counts "
        "and is shown separately. "
        "A steering group sees its working and project groups too."
    ),
    "example.report.participation": "{p}report participation 2026-01-01 2026-12-31",
    # Date finding
    "placeholder.param.slots": "YYYY-MM-DD HH:MM",
    "findtime.too_few": "Please give at least two dates, e.g. {p}meeting findtime 2026-12-03 14:00 2026-12-04 10:00",
    "findtime.too_many": "{n} dates are too many; at most {max}.",
    "findtime.duplicate": "A date is given twice.",
    "findtime.question": "Finding a date {title}: when can you come?",
    "findtime.fallback": "Finding a date, no. {number}: when can you come? (several answers possible)",
    "findtime.how": "Answer: {p}vote {number} 1,3 (the numbers of the dates that suit you)",
    "findtime.started": (
        "Finding a date, no. {number}, with {count} dates is open. Please click every date "
        "that suits you. To decide: {p}meeting findtime close {number}"
    ),
    "findtime.unknown": "There is no date finding no. {number} in this group.",
    "findtime.nobody": "No seat can come to any of the dates still ahead.",
    "findtime.result": "Result: {when} – {available} of {seats} seats can come.",
    "findtime.closed": (
        "Finding a date no. {number}: {when} suits best ({available} of {seats} seats). "
        "Scheduled as meeting no. {meeting}; the invitation has been sent."
    ),
    "poll.findtime_mode": "For finding a date there is {p}meeting findtime.",
    "poll.findtime_close": "Poll no. {number} is a date finding: {p}meeting findtime close {number}",
    "help.meeting.findtime": "Starts a poll on which of several dates suits.",
    "help.meeting.findtime.details": (
        "Dates as YYYY-MM-DD HH:MM, several answers possible; duration=, title=, location= "
        "apply to the meeting that is scheduled."
    ),
    "example.meeting.findtime": "{p}meeting findtime 2026-12-03 14:00 2026-12-04 10:00 2026-12-07 09:00",
    "help.meeting.findtime.close": "Closes a date finding and schedules the best date.",
    "help.meeting.findtime.close.details": "The date most seats can attend wins; on a tie the earlier one.",
    "example.meeting.findtime.close": "{p}meeting findtime close 4",
    "undecryptable": (
        "{user}, I could not read your encrypted message (I am missing the key). Please send "
        "it again; if that does not help, check the encryption settings of your client for "
        "this room."
    ),
    "device.unsigned": (
        "{user}, your message came from a device ({device}) you have not verified. In this "
        "group only commands, answers and votes from verified devices count, so I did not act "
        "on it. To verify the device in Element: Settings → Sessions → select session "
        "{device} → “Verify session”, with one of your other devices or your recovery key. "
        "Then please send the message again."
    ),
    "person.erased": "erased person ({pseudonym})",
    "member.purged": (
        "The person is removed and their data erased. The decision log keeps naming them by "
        "the pseudonym {pseudonym}; its checksums stay valid."
    ),
    "member.purge.elsewhere": (
        "{user} is still a member of: {groups}. Their data can only be erased once they are "
        "removed there as well."
    ),
    "poll.status.heading": (
        "Poll no. {number}: {question}",
        "<b>Poll no. {number}:</b> {question}",
    ),
    "poll.status.heading.secret": (
        "Secret poll no. {number}: {question}",
        "<b>Secret poll no. {number}:</b> {question}",
    ),
    "poll.status.heading.circular": (
        "Written procedure no. {number}: {question}",
        "<b>Written procedure no. {number}:</b> {question}",
    ),
    "poll.status.voted": "{voted} of {seats} seats have voted.",
    "poll.status.quorate": "Quorate (from {needed} seats): yes.",
    "poll.status.quorum_missing": "Quorate from {needed} seats: {missing} more seats needed.",
    "poll.status.quorum_missing.one": "Quorate from {needed} seats: 1 more seat needed.",
    "poll.status.missing": "Not voted yet: {orgs}",
    "poll.status.org": "{org}",
    "poll.status.org.seats": "{org} ({missing} of {seats} seats)",
    "poll.status.more": "and {n} more",
    "poll.status.all_voted": "Every seat has voted.",
    "poll.status.tally": "Interim tally: {counts}",
    "poll.status.deadline": "Deadline: {deadline} ({left})",
    "poll.status.no_deadline": "No deadline; it ends with {p}poll close {number}.",
    "poll.status.closed": "Closed: {result}",
    "poll.status.cancelled": "Cancelled; no decision is recorded.",
    "poll.left.days": "{n} days left",
    "poll.left.hours": "{n} hours left",
    "poll.left.hours.one": "1 hour left",
    "poll.left.minutes": "{n} minutes left",
    "poll.left.minutes.one": "1 minute left",
    "poll.left.passed": "passed",
    "poll.show.findtime": (
        "Date finding no. {number}: {question}\n{voted} of {seats} seats have answered."
    ),
    "poll.nudge": (
        "Reminder: poll no. {number} “{question}” ends on {deadline} ({left}). "
        "Not voted yet:\n{seats}\n"
        "Vote in the poll or with {p}vote {number} {example}"
    ),
    "poll.nudge.seat": "• {org}: {user}",
    "poll.nudge.seat.deputies": "• {org}: {user} (deputies: {deputies})",
    "poll.nudge.secret": (
        "Reminder: the secret poll no. {number} of the group “{group}” (“{question}”) ends on "
        "{deadline} ({left}). No vote has been cast for your seat yet. "
        "Vote: {p}vote {number} {example}"
    ),
    "setting.live_tally": "Show the interim tally of running polls",
    "setting.poll_nudge": "Reminder before poll deadlines",
    "group.poll_nudge.off": "off",
    "group.poll_nudge.before": "{lead} before the deadline",
    "group.set.poll_nudge.too_far": "Reminders come at most 30 days before a deadline, not {value}.",
    "meeting.ics.conference": "Video conference",
    "meeting.where.online": "online – video conference: {url}",
    "meeting.where.hybrid": "{location} and online – video conference: {url}",
    "meeting.online.invalid": (
        "“{value}” is no link to a video conference. Please write online=https://… or "
        "online=yes for the city's video service."
    ),
    "meeting.online.no_service": (
        "No video service is set up for online=yes ([bot] video_service); please give the "
        "link: online=https://…"
    ),
    "session.started": (
        "The session “{title}” (meeting no. {number}) is open, {at}. Place: {where}",
        "<b>The session “{title}” (meeting no. {number}) is open</b>, {at}. Place: {where}",
    ),
    "session.started.agenda": "Agenda:\n{entries}",
    "session.agenda.line": "Item {label}: {text}",
    "session.agenda.empty": "(no items yet; new: {p}top add TEXT)",
    "session.started.online": "Video conference: {url}",
    "session.started.how": (
        "Please say you are here with ✋ on this message or with {p}here; when leaving: "
        "{p}gone."
    ),
    "session.opened": "The session of meeting no. {number} runs. {quorum} First item: {p}next",
    "session.ended": (
        "The session of meeting no. {number} closed at {at}. {minutes} The minutes are "
        "attached ({filename})."
    ),
    "session.minutes.summary": (
        "Present: {present} · items: {items} · statements: {infos} · decisions and polls: "
        "{decisions} · actions: {actions}."
    ),
    "session.scribe.set": "{user} takes the minutes of meeting no. {number}.",
    "session.scribe.cleared": "Meeting no. {number} has no minute-taker named any more.",
    "session.here": "{user} is present.",
    "session.here.already": "{user} is already recorded as present.",
    "session.gone": "{user} has left the session.",
    "session.gone.not_here": "{user} is not recorded as present.",
    "session.standing_in": "Standing in for {principal}.",
    "session.quorum_line": "{quorum}",
    "session.quorate": "Quorate: {present} of {seats} seats represented (needed {needed}).",
    "session.not_quorate": "Not quorate: {present} of {seats} seats represented (needed {needed}).",
    "session.quorum_changed": "Noted: {quorum}",
    "session.agenda.end": "That was the last item. Another: {p}top add TEXT; close: {p}meeting end",
    "session.agenda.none": "The agenda is empty. Add an item: {p}top add TEXT",
    "session.top.unknown": "There is no item “{label}”. The agenda has: {labels}",
    "session.top.added": "Added as item {label}: {text}",
    "session.top.now": ("Item {label}: {text}", "<b>Item {label}:</b> {text}"),
    "session.info.noted": "Noted under item {label}.",
    "session.action.added": "Action no. {number} under item {label}: {text} — owner: {owner}, {due}.",
    "session.agreed": "Decision {number} under item {label} (by consensus): {text}",
    "session.undo.nothing": "Nothing recorded under item {label} can be taken back.",
    "session.undo.not_yours": (
        "{author} recorded that; only {author} or the coordinators can take it back."
    ),
    "session.undo.correction": "Correction: decision {number} was recorded by mistake.",
    "session.undone.info": "Taken back (item {label}): {text}",
    "session.undone.action": "Taken back (item {label}), the action is dropped: {text}",
    "session.undone.agreed": (
        "Taken back (item {label}): {text} — the decision log has a correction for it."
    ),
    "session.may_not_record": (
        "In this session the chair, the coordinators and the minute-taker of meeting no. "
        "{number} record ({p}meeting scribe {number} @name:server)."
    ),
    "session.none": "No session is running. Start one: {p}meeting start [NO]",
    "session.no_item": "Please call an item first: {p}next or {p}top NO",
    "session.none_today": "No meeting is scheduled for {day}. Start a given one: {p}meeting start NO",
    "session.not_member": "{user} is not a member of this group.",
    "session.already": "The session of meeting no. {number} still runs; close it first: {p}meeting end",
    "session.held": "The session of meeting no. {number} ({when}) has already taken place.",
    "session.minutes.meta": "{group} · meeting no. {number} · {day} · Place: {location}",
    "session.minutes.times": "Start: {start} · End: {end}",
    "session.minutes.scribe": "Minutes: {user}",
    "session.minutes.before": "## Before the agenda",
    "session.minutes.top": "## Item {label}: {text}",
    "session.minutes.nothing": "- nothing recorded",
    "session.minutes.info": "- Noted: {text}",
    "session.minutes.action": "- Action no. {number}: {text} (owner: {owner}; {due})",
    "session.minutes.agreed": "- Decision {number} (by consensus): {text}",
    "session.minutes.poll": "- Poll no. {number} “{question}”: {result}",
    "session.minutes.poll.open": "- Poll no. {number} “{question}”: still running",
    "session.minutes.quorate": "- Noted at {at}: quorate ({present} of {seats} seats represented).",
    "session.minutes.not_quorate": (
        "- Noted at {at}: not quorate ({present} of {seats} seats represented)."
    ),
    "session.minutes.from": "from {at}",
    "session.minutes.until": "until {at}",
    "session.minutes.closed": "The session closed at {end}.",
    "help.meeting.start": "Opens the session of a meeting in the room (without a number: today's).",
    "help.meeting.start.details": (
        "Posts the agenda (and the video link); presence with ✋ on that message or {p}here. "
        "Chair, coordinators or the minute-taker. Also: {p}session start."
    ),
    "example.meeting.start": "{p}meeting start 3",
    "help.meeting.end": "Closes the running session and posts the minutes.",
    "help.meeting.end.details": (
        "The minutes (Markdown) hold start, end, presence per organisation and, per item, "
        "what was recorded; {p}meeting minutes NO shows them again. Also: {p}session end."
    ),
    "example.meeting.end": "{p}meeting end",
    "help.meeting.scribe": "Names a meeting's minute-taker.",
    "help.meeting.scribe.details": "They may record in the session; “none” takes it back.",
    "example.meeting.scribe": "{p}meeting scribe @anna:example.org",
    "help.here": "Records you (or someone) as present in the running session.",
    "help.here.details": "A deputy counts for the seat while the seat is missing.",
    "example.here": "{p}here",
    "help.gone": "Records you (or someone) as having left the running session.",
    "help.gone.details": "Whether the meeting is quorate is worked out again.",
    "example.gone": "{p}gone",
    "help.next": "Calls the next agenda item.",
    "help.next.details": "What is recorded afterwards belongs to that item.",
    "example.next": "{p}next",
    "help.top": "Calls a given agenda item.",
    "help.top.details": "By its number as the agenda shows it, e.g. 4a.",
    "example.top": "{p}top 3",
    "help.top.add": "Adds an agenda item during the session (after the current one: “4a”).",
    "help.top.add.details": "The other items keep their numbers.",
    "example.top.add": "{p}top add Report of the job centre",
    "help.info": "Records a statement for the minutes.",
    "help.info.details": "Only what is recorded this way goes into the minutes.",
    "example.info": "{p}info Everyone has the report.",
    "help.action": "Records an action (an open item under this agenda item).",
    "help.action.details": "Owner: @name:server at the end, or owner=/org=; due= deadline.",
    "example.action": "{p}action Send the figures @anna:example.org due=2027-01-15",
    "help.agreed": "Records a decision by consensus in the decision log.",
    "help.agreed.details": "To vote instead: {p}poll \"QUESTION\" (it goes under this item).",
    "example.agreed": "{p}agreed The report is noted.",
    "help.undo": "Takes back the last record of the current item.",
    "help.undo.details": (
        "An action is dropped; a decision gets a correction in the log (nothing is ever "
        "deleted)."
    ),
    "example.undo": "{p}undo",
    "minutes.session": "Minutes of the session of meeting no. {number}: {minutes} File: {filename}",
    "placeholder.param.label": "NO",
    "meeting.agenda.source.session": "added during the session",
    "meeting.agenda.source.report": "report",
    "placeholder.param.report": "REPORT",
    "placeholder.param.text": "TEXT",
    "report.submitted": (
        "Report no. {report} ({org}) is submitted as annex {annex} to meeting no. {number} "
        "({when}): item {position}: {title} (annex {annex})"
    ),
    "report.needs_content": (
        "A report is a file or a text: reply with the command to the file in the room, or "
        "write the text with it: {p}report submit {number} \"TITLE\" TEXT"
    ),
    "report.file_or_text": "Please either reply to a file or give a text, not both.",
    "report.none": "No reports have been submitted yet. New: {p}report submit NO \"TITLE\"",
    "report.list": "Reports:\n{rows}",
    "report.entry": (
        "• No. {report}: {title} ({org}) – annex {annex} to meeting no. {number} on {day}, "
        "{kind}, submitted by {by}"
    ),
    "report.kind.file": "file {filename}",
    "report.kind.text": "text",
    "report.show.text": "{row}\n\n{text}",
    "report.show.file": "{row}\nThe file is attached (SHA-256 {sha256}).",
    "report.presented": "Report no. {report} (annex {annex}) presented under item {label}: {title}",
    "report.unknown": "There is no report no. {report} in this group.",
    "report.cited": "Refers to report no. {report} “{title}” (annex {annex})",
    "agenda.with_annex": "{text} (annex {annex})",
    "file.too_large": "The file has {size} MB; I take at most {limit} MB.",
    "file.damaged": "The file is damaged: it does not decrypt to what its message says. Please send it again.",
    "file.unreadable": "I could not load the file from the server; please try again later.",
    "file.not_a_file": (
        "The message you reply to is no file (or I cannot decrypt it)."
    ),
    "help.report.submit": "Submits a report for a meeting (it goes on the agenda).",
    "help.report.submit.details": (
        "As a reply to a file in the room (up to 20 MB) or with its text; org= for another "
        "organisation than yours. It gets a number and becomes an annex of the meeting."
    ),
    "example.report.submit": "{p}report submit 3 \"Report of the job centre on language courses\"",
    "help.report.list": "Shows the submitted reports.",
    "help.report.list.details": "With meeting, annex, organisation and who submitted them.",
    "example.report.list": "{p}report list",
    "help.report.show": "Posts a report (the file or the text) again.",
    "help.report.show.details": "With its digest (SHA-256), as decisions cite it.",
    "example.report.show": "{p}report show 2",
    "help.report": "Presents a report under the current item of the running session.",
    "help.report.details": "The minutes then list it under that item.",
    "example.report": "{p}report 2",
    "session.minutes.report": "- Report no. {report} (annex {annex}) presented: {title} ({org})",
    "decision.export.column.report": "report",
    "roster.needs_file": (
        "Please reply with {p}member import to the file in the room (CSV from a spreadsheet, "
        "or vCard)."
    ),
    "roster.file.encoding": "“{filename}” is not saved as UTF-8; please save it as “CSV UTF-8”.",
    "roster.file.empty": "“{filename}” is empty.",
    "roster.file.columns": (
        "“{filename}” lacks the columns “Matrix-ID” and “Organisation” (found: {value}). "
        "Possible: Matrix-ID, Organisation, Role, E-Mail, Name, Deputy of."
    ),
    "roster.file.too_long": "“{filename}” has more than {value} lines.",
    "roster.file.vcard": "“{filename}” is no readable vCard file.",
    "roster.error.user": "• Line {line}: “{value}” is no Matrix id (like @name:server).",
    "roster.error.org": "• Line {line}: the organisation is missing (or longer than 200 characters).",
    "roster.error.role": "• Line {line}: “{value}” is no role (chair, coordinator, member, advisor, guest).",
    "roster.error.email": "• Line {line}: “{value}” is no email address.",
    "roster.error.deputy": "• Line {line}: “{value}” (deputy of) is no Matrix id.",
    "roster.error.twice": "• Line {line}: {value} is already further up in the file.",
    "roster.error.principal": (
        "• Line {line}: {value} cannot have a deputy (no voting member, a deputy themselves, "
        "or the same person)."
    ),
    "roster.preview": (
        "Preview of “{filename}”: {added} new, {changed} changed, {unchanged} unchanged, "
        "{errors} wrong.\n{rows}\n{verdict}"
    ),
    "roster.preview.added": "• Line {line}: new {user} ({org}, {role})",
    "roster.preview.changed": "• Line {line}: {user} – changes: {fields}",
    "roster.field.organisation": "organisation",
    "roster.field.role": "role",
    "roster.field.email": "email",
    "roster.field.name": "name",
    "roster.field.deputy_of": "deputy",
    "roster.preview.more": "• … and {n} more",
    "roster.preview.fix": "Nothing was changed. Please correct the {n} wrong lines and import the file again.",
    "roster.preview.confirm": "Nothing was changed yet. Apply it: {p}member import confirm",
    "roster.preview.nothing": "The roster already matches the file; there is nothing to apply.",
    "roster.preview.none": "• (no lines)",
    "roster.nothing_pending": "No file has been checked. First: {p}member import in reply to the file.",
    "roster.changed_since": (
        "Since the preview of “{filename}” the roster changed so that the file no longer fits. "
        "Please import it again."
    ),
    "roster.applied": "Applied from “{filename}”: {added} new, {changed} changed.",
    "roster.filename": "members",
    "roster.exported": "The roster ({n} people) is attached: {filename}",
    "help.member.import": "Reads a roster (CSV or vCard): first a preview, then confirm.",
    "help.member.import.details": (
        "In reply to the file. CSV with comma or semicolon, UTF-8; columns: Matrix-ID, "
        "Organisation, Role, E-Mail, Name, Deputy of. Wrong lines are named by number; nothing "
        "changes before {p}member import confirm. Members missing from the file stay."
    ),
    "example.member.import": "{p}member import",
    "help.member.export": "Posts the roster as a file (CSV or vCard).",
    "help.member.export.details": "The CSV file can be imported again.",
    "example.member.export": "{p}member export csv",
    "placeholder.param.step": "confirm",
    "placeholder.param.format": "csv|vcf",
    "report.chart.title": "Participation of the organisations",
    "report.chart.period": "{start} to {end}",
    "report.chart.series.in_person": "attended in person",
    "report.chart.series.by_deputy": "attended by deputy",
    "report.chart.series.declined": "declined",
    "report.chart.series.unanswered": "no answer",
    "report.chart.series.absent": "said yes, absent",
    "report.chart.axis": "meetings",
    "report.chart.alt": "Bar chart “{title}”, {period}. {rows}.",
    "report.chart.alt.row": "{org}: {counts}",
    "meeting.chart.title": "Answers for meeting no. {number}",
    "meeting.chart.self": "coming",
    "meeting.chart.deputy": "deputy coming",
    "meeting.chart.maybe": "maybe",
    "meeting.chart.no": "declined",
    "meeting.chart.none": "no answer",
    "meeting.chart.row": "seats",
    "meeting.chart.axis": "seats",
    "meeting.chart.alt": "Bar chart “{title}”, {when}: {counts}.",
    "meeting.chart.filename": "answers",
    "decision.export.none_in_year": "There are no decisions in {year}.",
    "decision.pdf.title": "Decision book – {group}",
    "decision.pdf.year": "Year {year}",
    "decision.pdf.all": "all years",
    "decision.pdf.head": "Head of the chain (SHA-256): {hash}",
    "decision.pdf.page": "Page {{n}} of {{total}}",
    "decision.pdf.created": "Made by kimbot on {at}",
    "decision.pdf.heading": "Decision {number} of {date}",
    "decision.pdf.vote": "{org}: {voter} – {answer}",
    "export.signed.pdf": "The PDF is signed (certificate {fingerprint}).",
    "export.signed.detached": "The signature is in {filename}.p7s (certificate {fingerprint}).",
    "group.show.signing": "Exports are signed with the certificate {fingerprint}.",
    "decision.tally": "{verdict} — {counts}; {represented} of {seats} votes represented; {quorate}.",
    "letter.running_head": "Invitation – {group}, meeting no. {number}",
    "letter.sender": "{group} · office",
    "letter.title": "Invitation",
    "letter.subtitle": "to meeting no. {number} of the {group}: {title}",
    "letter.salutation": "Dear members,",
    "letter.intro": "I hereby invite you to meeting no. {number} of the {group}. The agenda follows below; the annexes are in the group's room.",
    "letter.time": "Time",
    "letter.time.value": "{start} to {end}",
    "letter.agenda.empty": "The agenda will follow.",
    "letter.answer.title": "Your answer",
    "letter.answer.room": "Please answer in the group's room with a reaction to the invitation – check mark for yes, cross for no, question mark for maybe – or with the command {p}rsvp {number} yes, no or maybe.",
    "letter.answer.calendar": "If you received the invitation by email, you can also answer in your calendar.",
    "letter.answer.deputy": "If you cannot attend, please decline: your deputy will then be asked.",
    "letter.notice.kept": "Invited in due time on {day} (notice period: {days} days).",
    "letter.notice.missed": "Invited on {day}: the notice period of {days} days is missed by {by}.",
    "letter.closing.greeting": "Kind regards",
    "letter.closing.sender": "The office of the {group}",
    "letter.filename": "invitation",
    "letter.done": "The invitation to meeting no. {number} ({when}) is in the file {filename}. {notice}",
    "help.meeting.invitation": "Writes the invitation to a meeting as a signed PDF (with the agenda and the notice period).",
    "help.meeting.invitation.details": "The invitation is also written by itself when a meeting is scheduled, moved or its agenda extended; it goes with the invitation email. on= picks the date of a series.",
    "example.meeting.invitation": "{p}meeting invitation 3",
    "meeting.agenda.source.minutes": "automatic: approval of the minutes",
    "minutes.approval.top": "Approval of the minutes of meeting no. {number} of {day}",
    "minutes.approval.top.objections": "{top} – objections: {objections}",
    "minutes.objection.line": "{name}: “{text}”",
    "minutes.draft.marking": "DRAFT – not yet approved by the group; objections until {until}",
    "minutes.draft.marking.early": "DRAFT – the meeting has not begun yet",
    "minutes.objections.heard": "Objections to the draft (heard before the approval)",
    "minutes.objections.title": "Objections to the draft",
    "minutes.form.approved": "Approved",
    "minutes.form.approved.value": "on {day} (decision {number})",
    "minutes.approval.decision": "The minutes of meeting no. {number} of {day} are approved.",
    "minutes.object.none": "There is no draft of the minutes of meeting no. {number} yet. It is made by {p}meeting minutes {number} or at the end of a session in the room.",
    "minutes.object.approved": "The minutes of meeting no. {number} are approved already (decision {decision}); objections are no longer possible.",
    "minutes.object.done": "Your objection to the minutes of meeting no. {number} is recorded (objections in all: {count}). It is listed under the draft and with the approval on the agenda.",
    "minutes.object.late": "The period for objections ended on {until}; the objection is listed all the same.",
    "minutes.approve.done": "The minutes of meeting no. {number} are approved (decision {decision}). The approved version is in the file {filename}.",
    "minutes.approve.already": "The minutes of meeting no. {number} are approved already (decision {decision}).",
    "minutes.status.draft": "Minutes: draft of {posted}, objections until {until}; objections: {count}",
    "minutes.status.objection": "• {name}: “{text}”",
    "minutes.status.approved": "Minutes: approved on {day} (decision {decision}).",
    "help.minutes.object": "Raises an objection to the draft minutes of a meeting.",
    "help.minutes.object.details": "The objection is listed under the draft and with the approval of the minutes on the next meeting's agenda.",
    "example.minutes.object": "{p}minutes object 3 “Item 2 misses the note on childcare.”",
    "help.minutes.approve": "Approves the minutes of a meeting (chair or office).",
    "help.minutes.approve.details": "Records the approval as a decision in the log, with the digest of the approved version, and posts that version as a signed PDF. In a session, {p}agreed under the approval's agenda item does the same.",
    "example.minutes.approve": "{p}minutes approve 3",
    "minutes.approval.top.version": "Approval of the corrected minutes (version {version}) of meeting no. {number} of {day}",
    "minutes.approval.decision.version": "The corrected minutes (version {version}) of meeting no. {number} of {day} are approved.",
    "minutes.form.version": "Version",
    "minutes.form.version.value": "{version} (correction)",
    "minutes.form.corrects": "Corrects",
    "minutes.form.corrects.value": "version {version}, approved on {day} (decision {number}): {text}",
    "minutes.filename.version": "_version-{version}",
    "minutes.poll.not_approved": "The minutes of meeting no. {number} are therefore not approved; their approval stays on the next meeting's agenda.",
    "minutes.poll.findtime": "Minutes are approved by a yes/no/abstain vote (mode=open or mode=circular), not by date finding.",
    "minutes.poll.running": "Poll no. {poll} on approving the minutes of meeting no. {number} is already running.",
    "minutes.poll.started": "The vote is on approving the minutes of meeting no. {number} (objections to the draft: {count}). If adopted, the approved version is made at once, signed, with its digest in the decision log.",
    "minutes.correct.draft": "The minutes of meeting no. {number} (version {version}) are not approved yet. Please raise changes to the draft as an objection: {p}minutes object {number} \"…\"",
    "minutes.correct.done": "The correction is version {version} of the minutes of meeting no. {number}; its draft is in the file {filename}. Version {corrected} stays valid, unchanged, until the group approves the correction. Objections until {until}; the approval is on the next meeting's agenda.",
    "help.minutes.poll": "Lets the group vote on approving minutes — in the room or in writing (mode=circular).",
    "help.minutes.poll.details": "The poll follows the group's rules for polls or for written procedures. If adopted, the approved version is made at once, signed, with its digest in the decision log; if not, the approval stays on the next meeting's agenda.",
    "example.minutes.poll": "{p}minutes poll 3 mode=circular",
    "help.minutes.correct": "Corrects approved minutes by a new version (chair or office).",
    "help.minutes.correct.details": "The approved version stays unchanged. The new version names the one it corrects and why, is a draft open to objections and is approved like any minutes; only then does it apply.",
    "example.minutes.correct": "{p}minutes correct 3 \"Under item 2, Ms Kaya was present, not excused.\"",
    "decision.followup": "Follow-up – open mandates from decisions ({count}):\n{rows}",
    "decision.followup.none": "Follow-up: no mandate from a decision is open.",
    "decision.followup.row": "• Decision {decision}: no. {number} “{text}” – {owner}, {due}",
    "decision.followup.row.overdue": "• Decision {decision}: no. {number} “{text}” – {owner}, {due} – OVERDUE",
    "decision.pdf.followup": "Annex: follow-up – open mandates from decisions",
    "decision.pdf.followup.none": "No mandate from a decision is open.",
    "help.decision.followup": "Lists the open mandates from decisions, overdue ones first (follow-up).",
    "help.decision.followup.details": "With the person or organisation responsible and the due date; the decision book as PDF has the same list as an annex.",
    "example.decision.followup": "{p}decision followup",
    "minutes.form.title": "Minutes",
    "minutes.form.subtitle": "of meeting no. {number} of the {group}: {title}",
    "minutes.form.running_head": "Minutes – {group}, meeting no. {number}",
    "minutes.form.group": "Body",
    "minutes.form.meeting": "Meeting",
    "minutes.form.meeting.value": "No. {number}: {title}",
    "minutes.form.date": "Date",
    "minutes.form.date.value": "{day}",
    "minutes.form.start": "Start",
    "minutes.form.end": "End",
    "minutes.form.planned": "{time} (planned)",
    "minutes.form.time": "{time}",
    "minutes.form.place": "Place",
    "minutes.form.online": "Online",
    "minutes.form.chair": "Chair",
    "minutes.form.scribe": "Minutes taken by",
    "minutes.form.attendance": "Attendance",
    "minutes.form.voting": "Voting members and deputies",
    "minutes.form.others": "Advisory members and guests",
    "minutes.form.column.organisation": "Organisation",
    "minutes.form.column.name": "Name",
    "minutes.form.column.function": "Function",
    "minutes.form.column.attendance": "Attendance",
    "minutes.form.present": "present",
    "minutes.form.present.from": "present from {at}",
    "minutes.form.present.until": "present until {at}",
    "minutes.form.present.between": "present from {start} to {end}",
    "minutes.form.deputy_for": "present as deputy for {principal}",
    "minutes.form.represented": "represented by {deputy}",
    "minutes.form.excused": "excused",
    "minutes.form.unexcused": "absent without apology",
    "minutes.form.agenda": "Agenda",
    "minutes.form.column.top": "Item",
    "minutes.form.column.subject": "Subject",
    "minutes.form.with_annex": "{text} (annex {annex})",
    "minutes.form.before": "Before the agenda",
    "minutes.form.top": "Item {label}: {text}",
    "minutes.form.nothing": "Nothing recorded.",
    "minutes.form.info": "{text}",
    "minutes.form.report": "Report no. {report} (annex {annex}): {title} – presented by {org}.",
    "minutes.form.action": "Action no. {number}: {text} – owner: {owner}; {due}.",
    "minutes.form.decision": "Decision {number}",
    "minutes.form.agreed": "Agreed by consensus, without a vote.",
    "minutes.form.poll.open": "Poll no. {number} “{question}”: still running.",
    "minutes.form.rule": "Rule: {rule}",
    "minutes.form.quorate": "{at}: quorate ({present} of {seats} votes represented).",
    "minutes.form.not_quorate": "{at}: no longer quorate ({present} of {seats} votes represented).",
    "minutes.form.decisions": "Decisions",
    "minutes.form.items": "Actions and open items",
    "minutes.form.item.opened": "New: no. {number} – {text}",
    "minutes.form.item.closed": "Done: no. {number} – {text}",
    "minutes.form.closed": "The meeting was closed at {end}.",
    "report.show.removed": (
        "{row}\nIts file or text was removed on {removed} after the group's retention; number, "
        "title and digest (SHA-256 {sha256}) stay."
    ),
    "setting.minutes_objection_days": "Period for objections to minutes (days)",
    "group.set.objection_days": "The period for objections must be 1 to 90 days, not {value}.",
    "setting.report_retention_days": "Keeping reports (days after the meeting)",
    "group.report_retention.days": "{n} days after the meeting",
    "group.report_retention.forever": "without limit",
    "group.set.report_retention": "Keeping must be 0 (without limit) to 36500 days, not {value}.",
    "session.scribe.no_meeting": "No meeting is scheduled; like this: {p}meeting scribe NO @name:server",
    "placeholder.param.meeting_or_user": "[NO]",
    "placeholder.param.user": "@NAME:SERVER",
    "enum.Publication.none": "not published",
    "enum.Publication.members": "to members",
    "enum.Publication.public": "public",
    "setting.publish": "Published on the web",
    "setting.publish_names": "Names on the web",
    "web.sent": "I have sent you the link to the group's pages by direct message.",
    "web.links": (
        "Meetings and decisions of “{group}” on the web ({publish}):\n"
        "Pages: {pages}\n"
        "OParl interface (for council information software): {oparl}\n"
        "{note}"
    ),
    "web.links.personal": (
        "The link is personal: please do not pass it on. {p}web revoke makes it invalid."
    ),
    "web.links.public": "These pages are public; anyone can read them.",
    "web.not_published": (
        "“{group}” publishes nothing on the web. The coordinators can turn it on: "
        "{p}group set publish=members (for members) or publish=public (for anyone)."
    ),
    "web.revoked": "{count} link(s) to the group's pages are now invalid.",
    "help.web": "Sends you the link to the group's pages on the web by direct message.",
    "help.web.details": (
        "Meetings, agendas, minutes and the decision log as the group publishes them "
        "(publish= in {p}group set), as pages and through OParl 1.1."
    ),
    "example.web": "{p}web",
    "help.web.revoke": "Makes your links to the group's pages invalid.",
    "help.web.revoke.details": "For instance when a link fell into the wrong hands; {p}web sends a new one.",
    "example.web.revoke": "{p}web revoke",
    # OParl's free texts (the protocol's own values, e.g. organizationType, stay as named).
    "oparl.paper.decision": "Decision",
    "oparl.paper.report": "Report",
    "oparl.annex": "Annex {annex}",
    "oparl.member_organisation": "Member organisation",
    "web.skip": "Skip to content",
    "web.site": "Municipal integration management",
    "web.nav.label": "The group's sections",
    "web.nav.meetings": "Meetings",
    "web.nav.decisions": "Decision log",
    "web.footer.oparl": "The same data, machine-readable (OParl 1.1):",
    "web.index.title": "Bodies",
    "web.group.next": "Next meetings",
    "web.group.no_meetings": "No meeting is scheduled.",
    "web.group.all_meetings": "All meetings",
    "web.group.members": "Members",
    "web.group.members.caption": "Members of “{group}” by organisation",
    "web.group.no_members": "The group has no members yet.",
    "web.col.organisation": "Organisation",
    "web.col.name": "Name",
    "web.col.role": "Role",
    "web.col.voting": "Voting right",
    "web.col.number": "No.",
    "web.col.when": "Date",
    "web.col.title": "Meeting",
    "web.col.where": "Place",
    "web.col.state": "State",
    "web.col.present": "Present",
    "web.online": "online",
    "web.meetings.title": "Meetings: {group}",
    "web.meetings.subscribe": "Subscribe to the meetings as a calendar (ICS)",
    "web.meetings.subscribe.how": "in Outlook: Add calendar → From Internet; in Thunderbird: New calendar → On the network.",
    "web.meetings.upcoming": "Upcoming meetings",
    "web.meetings.past": "Past meetings",
    "web.meetings.none_past": "There has been no meeting yet.",
    "web.meeting.invitation": "Download the invitation ({name})",
    "web.meeting.ics": "Add the meeting to your calendar (ICS)",
    "web.meeting.agenda": "Agenda",
    "web.meeting.top": "Item {label}: {text}",
    "web.meeting.report": "Annex {annex}: {title} ({org})",
    "web.download": "Download {name}",
    "web.decision.heading": "Decision {number}",
    "web.decision.in_log": "In the decision log",
    "web.meeting.no_agenda": "The agenda is still empty.",
    "web.meeting.annexes": "Annexes",
    "web.meeting.report_removed": "removed after the retention period",
    "web.meeting.attendance": "Attendance",
    "web.meeting.attendance.caption": "People present per organisation",
    "web.meeting.no_attendance": "No attendance was recorded.",
    "web.meeting.minutes": "Minutes",
    "web.meeting.no_minutes": "There are no minutes.",
    "web.decisions.title": "Decision log",
    "web.decisions.search": "Search the decisions",
    "web.decisions.search.button": "Search",
    "web.decisions.found": "{n} decisions for “{search}”.",
    "web.decision.meeting": "Taken in the meeting “{title}”",
    "web.decision.corrects": "Corrects decision",
    "web.decision.corrected_by": "Corrected by decision",
    "web.decision.hash": "Checksum (SHA-256):",
    "web.decisions.none": "No decisions are recorded.",
    "web.when": "{when}",
    "web.day": "{day}",
    "web.role.deputy": "Deputy ({org})",
    "web.file.invitation": "Invitation: {title}",
    "web.file.minutes": "Minutes: {title}",
    "web.file.report": "report",
    "web.state.scheduled": "scheduled",
    "web.state.running": "in session",
    "web.state.held": "held",
    "web.state.cancelled": "cancelled",
    "web.outcome.adopted": "adopted",
    "web.outcome.rejected": "rejected",
    "web.outcome.not-decided": "not decided",
}

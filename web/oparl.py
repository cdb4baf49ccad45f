"""OParl 1.1 (read-only) from a published record: every object, every external list with
OParl's pagination and filters, and the files — plain functions of the record, no database.

Addresses (under `{public_url}/oparl/v1`, or `…/oparl/v1/TOKEN` for a member's link):
`system`; `bodies`, `body` and its lists `body/organizations|persons|meetings|papers|
memberships|agenda-items|files|locations|legislative-terms`; single objects
`organization/K` (its meetings: `organization/K/meetings`), `membership/N`, `person/K`,
`meeting/N`, `agenda-item/N`, `paper/K` (`dN` a decision, `rN` a report), `file/K` (its bytes:
`file/K/download`), `location/K`, `legislative-term/K`.

The steering group is an OParl `Organization` (its kind as classification), so is each
member organisation; a membership names the group as `organization` and the member
organisation as `onBehalfOf`. A meeting date is an OParl `Meeting`; its invitation is the
date's .ics, its results protocol the minutes of the session held in the room. Decisions and
reports are `Paper`s. A legislative term is a calendar year of a group.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from domain.group import Language
from domain.publication import (
    PublishedAgendaItem,
    PublishedDecision,
    PublishedFile,
    PublishedGroup,
    PublishedMeeting,
    PublishedMembership,
    PublishedRecord,
    PublishedReport,
    public_key,
)
from i18n import Renderer

SCHEMA = "https://schema.oparl.org/1.1/"
#: Objects per list page (OParl recommends paging lists longer than 100).
PAGE_SIZE = 100

#: `organizationType` values as OParl 1.1 names them (in German, in the standard itself):
#: protocol values a council information system sorts by, not text for the catalogue.
COMMITTEE = "Gremium"
OTHER_ORGANIZATION = "Sonstiges"

Json = dict[str, Any]


@dataclass(frozen=True)
class BodyInfo:
    """The operator's municipality, from the config (`[web]`)."""

    name: str = "Kommunales Integrationsmanagement"
    short_name: str | None = None
    ags: str | None = None
    website: str | None = None
    contact_email: str | None = None
    contact_name: str | None = None
    license: str | None = None


class BadFilter(ValueError):
    """A list's filter that is not a date-time (the client is told so, with 400)."""


@dataclass(frozen=True)
class Download:
    content: bytes
    mimetype: str
    filename: str


def _when(moment: datetime | date) -> str:
    return moment.isoformat()


def _parse_moment(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError as error:
        raise BadFilter(raw) from error
    if moment.tzinfo is None:
        raise BadFilter(raw)
    return moment


class OParlSite:
    """The OParl interface of one reader's record. `base` is where its objects live,
    `pages` where the matching web pages do."""

    def __init__(self, record: PublishedRecord, base: str, pages: str, body: BodyInfo) -> None:
        self.record = record
        self.base = base.rstrip("/")
        self.pages = pages.rstrip("/")
        self.body_info = body
        self._created = min((g.created for g in record.groups), default=None)
        self._modified = max((g.modified for g in record.groups), default=None)
        # Looked up once per answer, not once per object (a list page writes hundreds).
        self._by_place: dict[str, list[PublishedMeeting]] = {}
        for meeting in record.meetings:
            if meeting.location_key is not None:
                self._by_place.setdefault(meeting.location_key, []).append(meeting)
        self._place_times = {key: (min(m.created for m in found), max(m.modified for m in found))
                             for key, found in self._by_place.items()}
        self._decisions = {d.id: d for d in record.decisions}
        self._organisations = frozenset(record.organisations)
        # A decision's number is its group's: two groups may both have a "2026/001".
        self._paper_ids = {(d.group_id, d.number): d.id for d in record.decisions}
        # Free texts (a paper's type, an annex's reference) in each group's own language.
        self._texts = {g.id: Renderer(g.language, g.timezone) for g in record.groups}
        self._body_text = (self._texts[record.groups[0].id] if record.groups
                           else Renderer(Language.DE))
        self._annexes: dict[int, list[PublishedFile]] = {}
        for report in record.reports:
            if report.file is not None:
                self._annexes.setdefault(report.meeting_id, []).append(report.file)

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    def _text(self, group_id: int, key: str, **params: Any) -> str:
        return self._texts.get(group_id, self._body_text)(key, **params).plain

    def _common(self, kind: str, path: str, created: datetime, modified: datetime,
                web: str | None = None) -> Json:
        found: Json = {"id": self.url(path), "type": SCHEMA + kind}
        found["created"] = _when(created)
        found["modified"] = _when(modified)
        if web is not None:
            found["web"] = self.pages + "/" + web
        return found

    # --- answering a request -------------------------------------------------------------

    def answer(self, path: str, query: Mapping[str, str]) -> Json | None:
        """The JSON for a path (relative to `base`), or None where there is none."""
        if not self.record.groups:
            return None
        if path == "system":
            return self.system()
        if path == "bodies":
            return self.listing("bodies", [self.body()], query)
        if path == "body":
            return self.body()
        lists: dict[str, Callable[[], list[Json]]] = {
            "body/organizations": self.organizations,
            "body/persons": self.persons,
            "body/meetings": lambda: [self.meeting(m) for m in self.record.meetings],
            "body/papers": self.papers,
            "body/memberships": lambda: [self.membership(m) for m in self.record.memberships],
            "body/agenda-items": lambda: [self.agenda_item(m, item)
                                          for m in self.record.meetings for item in m.agenda],
            "body/files": lambda: [self.file(f) for f in self.record.files],
            "body/locations": self.locations,
            "body/legislative-terms": self.legislative_terms,
        }
        if path in lists:
            return self.listing(path, lists[path](), query)
        kind, _, key = path.partition("/")
        if kind == "organization" and key.endswith("/meetings"):
            group = self._group_by_key(key.removesuffix("/meetings"))
            if group is None:
                return None
            return self.listing(path, [self.meeting(m) for m in group.meetings], query)
        return self.single(kind, key)

    def single(self, kind: str, key: str) -> Json | None:
        finders: dict[str, Callable[[str], Json | None]] = {
            "organization": self._organization_by_key,
            "membership": lambda k: self._by_id(self.record.memberships, k, self.membership),
            "person": self._person_by_key,
            "meeting": lambda k: self._by_id(self.record.meetings, k, self.meeting),
            "agenda-item": self._agenda_item_by_key,
            "paper": self._paper_by_key,
            "file": lambda k: next((self.file(f) for f in self.record.files if f.key == k),
                                   None),
            "location": lambda k: self.location(k) if k in self._by_place else None,
            "legislative-term": lambda k: next((o for o in self.legislative_terms()
                                                if o["id"] == self.url(
                                                    f"legislative-term/{k}")), None),
        }
        finder = finders.get(kind)
        return finder(key) if finder is not None and key and "/" not in key else None

    def download(self, key: str) -> Download | None:
        found = next((f for f in self.record.files if f.key == key), None)
        if found is None:
            return None
        return Download(found.content, found.mimetype, found.filename)

    def listing(self, path: str, objects: list[Json], query: Mapping[str, str]) -> Json:
        """An external object list: filtered, in a stable order, a page of it."""
        filters = {name: _parse_moment(query[name]) for name in (
            "created_since", "created_until", "modified_since", "modified_until") if name in query}
        for name, moment in filters.items():
            field, _, side = name.partition("_")
            objects = [o for o in objects if (datetime.fromisoformat(o[field]) >= moment
                                              if side == "since"
                                              else datetime.fromisoformat(o[field]) <= moment)]
        try:
            limit = max(1, min(PAGE_SIZE, int(query.get("limit", PAGE_SIZE))))
            page = max(1, int(query.get("page", "1")))
        except ValueError as error:
            raise BadFilter(str(error)) from error
        total_pages = max(1, -(-len(objects) // limit))
        kept = {k: v for k, v in query.items() if k in filters or k in ("limit", "omit_internal")}

        def link(number: int) -> str:
            params = dict(kept, page=str(number)) if number > 1 else kept
            return self.url(path) + ("?" + urlencode(params) if params else "")

        data = objects[(page - 1) * limit:page * limit]
        if query.get("omit_internal") == "true":
            data = [_without_internal(o) for o in data]
        links = {"first": link(1), "self": link(page), "last": link(total_pages)}
        if page > 1:
            links["prev"] = link(min(page - 1, total_pages))
        if page < total_pages:
            links["next"] = link(page + 1)
        return {"data": data,
                "pagination": {"totalElements": len(objects), "elementsPerPage": limit,
                               "currentPage": page, "totalPages": total_pages},
                "links": links}

    # --- objects -------------------------------------------------------------------------

    def system(self) -> Json:
        assert self._created is not None and self._modified is not None
        found = self._common("System", "system", self._created, self._modified)
        found.update({
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "body": self.url("bodies"),
            "name": self.body_info.name,
            "web": self.pages + "/",
        })
        if self.body_info.contact_email:
            found["contactEmail"] = self.body_info.contact_email
        if self.body_info.contact_name:
            found["contactName"] = self.body_info.contact_name
        if self.body_info.website:
            found["website"] = self.body_info.website
        return found

    def body(self) -> Json:
        assert self._created is not None and self._modified is not None
        info = self.body_info
        found = self._common("Body", "body", self._created, self._modified, web="")
        found.update({
            "system": self.url("system"),
            "name": info.name,
            "organization": self.url("body/organizations"),
            "person": self.url("body/persons"),
            "meeting": self.url("body/meetings"),
            "paper": self.url("body/papers"),
            "membership": self.url("body/memberships"),
            "agendaItem": self.url("body/agenda-items"),
            "file": self.url("body/files"),
            "locationList": self.url("body/locations"),
            "legislativeTermList": self.url("body/legislative-terms"),
            "legislativeTerm": self.legislative_terms(),
            "classification": self._body_text("web.site").plain,
        })
        if len(self.record.groups) == 1:
            found["mainOrganization"] = self.url(f"organization/g{self.record.groups[0].id}")
        for key, value in (("shortName", info.short_name), ("ags", info.ags),
                           ("website", info.website), ("contactEmail", info.contact_email),
                           ("contactName", info.contact_name), ("license", info.license)):
            if value:
                found[key] = value
        return found

    def organizations(self) -> list[Json]:
        return [*(self.group_organization(g) for g in self.record.groups),
                *(self.member_organization(name) for name in self.record.organisations)]

    def group_organization(self, group: PublishedGroup) -> Json:
        key = f"g{group.id}"
        found = self._common("Organization", f"organization/{key}", group.created,
                             group.modified, web=f"{group.id}/")
        current = [m for m in group.memberships if m.end is None]
        found.update({
            "body": self.url("body"),
            "name": group.name,
            "organizationType": COMMITTEE,
            "classification": group.kind_label,
            "membership": [self.url(f"membership/{m.id}") for m in group.memberships],
            "meeting": self.url(f"organization/{key}/meetings"),
            "startDate": group.created.date().isoformat(),
            "memberCount": len(current),
            "votingMemberCount": len([m for m in current if m.voting]),
        })
        return found

    def member_organization(self, name: str) -> Json:
        memberships = [m for m in self.record.memberships if m.organisation == name]
        created = min(m.created for m in memberships)
        modified = max(m.modified for m in memberships)
        key = "o" + public_key("organisation", name)
        found = self._common("Organization", f"organization/{key}", created, modified)
        found.update({"body": self.url("body"), "name": name,
                      "organizationType": OTHER_ORGANIZATION,
                      "classification": self._body_text("oparl.member_organisation").plain,
                      "membership": [self.url(f"membership/{m.id}") for m in memberships]})
        return found

    def membership(self, membership: PublishedMembership) -> Json:
        found = self._common("Membership", f"membership/{membership.id}", membership.created,
                             membership.modified)
        found.update({
            "organization": self.url(f"organization/g{membership.group_id}"),
            "onBehalfOf": self.url("organization/o" + public_key("organisation",
                                                                   membership.organisation)),
            "role": membership.role,
            "votingRight": membership.voting,
            "startDate": membership.start.isoformat(),
        })
        if membership.end is not None:
            found["endDate"] = membership.end.isoformat()
        if membership.person is not None:
            found["person"] = self.url(f"person/{membership.person}")
        return found

    def persons(self) -> list[Json]:
        return [self.person(key) for key in sorted(self.record.people)]

    def person(self, key: str) -> Json:
        person = self.record.people[key]
        found = self._common("Person", f"person/{key}", person.created, person.modified)
        found.update({
            "body": self.url("body"),
            "name": person.name,
            "membership": [self.membership(m) for m in self.record.memberships
                           if m.person == key],
        })
        return found

    def meeting(self, meeting: PublishedMeeting) -> Json:
        found = self._common("Meeting", f"meeting/{meeting.id}", meeting.created,
                             meeting.modified, web=f"{meeting.group_id}/meeting/{meeting.id}")
        found.update({
            "name": meeting.title,
            "meetingState": meeting.state_label,
            "cancelled": meeting.state.value == "cancelled",
            "start": _when(meeting.start),
            "end": _when(meeting.end),
            "organization": [self.url(f"organization/g{meeting.group_id}")],
            "agendaItem": [self.agenda_item(meeting, item) for item in meeting.agenda],
        })
        if meeting.location_key is not None:
            # Embedded without its list of meetings (which the Location object has).
            found["location"] = self.location(meeting.location_key, with_meetings=False)
        if meeting.invitation is not None:
            found["invitation"] = self.file(meeting.invitation)
        if meeting.minutes is not None:
            found["resultsProtocol"] = self.file(meeting.minutes)
        reports = self._annexes.get(meeting.id, [])
        if reports:
            found["auxiliaryFile"] = [self.file(f) for f in reports]
        return found

    def agenda_item(self, meeting: PublishedMeeting, item: PublishedAgendaItem) -> Json:
        found = self._common("AgendaItem", f"agenda-item/{item.id}", item.created,
                             item.modified, web=f"{meeting.group_id}/meeting/{meeting.id}"
                                                f"#top-{item.id}")
        found.update({"meeting": self.url(f"meeting/{meeting.id}"), "number": item.label,
                      "order": item.order, "name": item.name, "public": True})
        decisions = [self._decisions[d] for d in item.decisions if d in self._decisions]
        if decisions:
            found["result"] = "; ".join(d.outcome_label for d in decisions)
            found["resolutionText"] = "\n".join(f"{d.text}\n{d.result}".strip()
                                                 for d in decisions)
        report = self._report(item.report_id)
        if report is not None and report.file is not None:
            found["auxiliaryFile"] = [self.file(report.file)]
        return found

    def papers(self) -> list[Json]:
        return [*(self.decision_paper(d) for d in self.record.decisions),
                *(self.report_paper(r) for r in self.record.reports)]

    def decision_paper(self, decision: PublishedDecision) -> Json:
        found = self._common("Paper", f"paper/d{decision.id}", decision.decided,
                             decision.decided,
                             web=f"{decision.group_id}/decisions#beschluss-{decision.id}")
        found.update({
            "body": self.url("body"),
            "name": decision.text,
            "reference": decision.number,
            "date": decision.decided.date().isoformat(),
            "paperType": self._text(decision.group_id, "oparl.paper.decision"),
            "originatorOrganization": [self.url(f"organization/g{decision.group_id}")],
            "keyword": [decision.outcome_label, f"sha256:{decision.hash}"],
        })
        numbers = [*([decision.corrects] if decision.corrects else []), *decision.corrected_by]
        related = [self.url(f"paper/d{self._paper_ids[decision.group_id, number]}")
                   for number in numbers if (decision.group_id, number) in self._paper_ids]
        if decision.report_id is not None:
            related.append(self.url(f"paper/r{decision.report_id}"))
        if related:
            found["relatedPaper"] = related
        return found

    def report_paper(self, report: PublishedReport) -> Json:
        found = self._common("Paper", f"paper/r{report.id}", report.submitted,
                             report.submitted,
                             web=f"{report.group_id}/meeting/{report.meeting_id}")
        found.update({
            "body": self.url("body"),
            "name": report.title,
            "reference": self._text(report.group_id, "oparl.annex", annex=report.annex),
            "date": report.submitted.date().isoformat(),
            "paperType": self._text(report.group_id, "oparl.paper.report"),
            "originatorOrganization": [
                self.url("organization/o" + public_key("organisation", report.organisation))]
            if report.organisation in self._organisations else [],
        })
        if not found["originatorOrganization"]:
            del found["originatorOrganization"]
        if report.file is not None:
            found["mainFile"] = self.file(report.file)
        return found

    def file(self, file: PublishedFile) -> Json:
        found = self._common("File", f"file/{file.key}", file.created, file.modified)
        found.update({
            "name": file.name,
            "fileName": file.filename,
            "mimeType": file.mimetype,
            "date": file.day.isoformat(),
            "size": len(file.content),
            "sha512Checksum": file.sha512,
            "accessUrl": self.url(f"file/{file.key}/download"),
            "downloadUrl": self.url(f"file/{file.key}/download"),
        })
        if file.meeting_id is not None:
            found["meeting"] = [self.url(f"meeting/{file.meeting_id}")]
        if file.paper is not None:
            found["paper"] = [self.url(f"paper/{file.paper}")]
        return found

    def locations(self) -> list[Json]:
        return [self.location(key) for key in sorted(self._by_place)]

    def location(self, key: str, *, with_meetings: bool = True) -> Json:
        meetings = self._by_place[key]
        found = self._common("Location", f"location/{key}", *self._place_times[key])
        found["description"] = meetings[0].location
        if with_meetings:
            found["meetings"] = [self.url(f"meeting/{m.id}") for m in meetings]
        return found

    def legislative_terms(self) -> list[Json]:
        terms = []
        for group in self.record.groups:
            years = {group.created.year, group.modified.year,
                     *(m.start.year for m in group.meetings)}
            for year in range(min(years), max(years) + 1):
                found = self._common("LegislativeTerm", f"legislative-term/g{group.id}-{year}",
                                     group.created, group.modified)
                found.update({"body": self.url("body"), "name": f"{group.name} {year}",
                              "startDate": f"{year}-01-01", "endDate": f"{year}-12-31"})
                terms.append(found)
        return terms

    # --- look-ups ------------------------------------------------------------------------

    def _group_by_key(self, key: str) -> PublishedGroup | None:
        if key.startswith("g") and key[1:].isdigit():
            return self.record.group(int(key[1:]))
        return None

    def _organization_by_key(self, key: str) -> Json | None:
        group = self._group_by_key(key)
        if group is not None:
            return self.group_organization(group)
        for name in self.record.organisations:
            if key == "o" + public_key("organisation", name):
                return self.member_organization(name)
        return None

    def _person_by_key(self, key: str) -> Json | None:
        return self.person(key) if key in self.record.people else None

    def _agenda_item_by_key(self, key: str) -> Json | None:
        for meeting in self.record.meetings:
            for item in meeting.agenda:
                if str(item.id) == key:
                    return self.agenda_item(meeting, item)
        return None

    def _paper_by_key(self, key: str) -> Json | None:
        if key[:1] == "d":
            return self._by_id(self.record.decisions, key[1:], self.decision_paper)
        if key[:1] == "r":
            return self._by_id(self.record.reports, key[1:], self.report_paper)
        return None

    def _report(self, report_id: int | None) -> PublishedReport | None:
        return next((r for r in self.record.reports if r.id == report_id), None)

    @staticmethod
    def _by_id(objects: Iterable[Any], key: str, write: Callable[[Any], Json]) -> Json | None:
        if not key.isdigit():
            return None
        return next((write(o) for o in objects if str(o.id) == key), None)


def _without_internal(found: Json) -> Json:
    """An object without the internal lists a client may ask to leave out
    (`omit_internal=true`, OParl 1.1)."""
    internal = {
        "https://schema.oparl.org/1.1/Person": ("membership",),
        "https://schema.oparl.org/1.1/Meeting": ("agendaItem", "auxiliaryFile"),
        "https://schema.oparl.org/1.1/AgendaItem": ("auxiliaryFile",),
        "https://schema.oparl.org/1.1/Paper": ("auxiliaryFile", "location"),
        "https://schema.oparl.org/1.1/Body": ("legislativeTerm",),
    }.get(found["type"], ())
    return {k: v for k, v in found.items() if k not in internal}


def encode(found: Json | Sequence[Json]) -> bytes:
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

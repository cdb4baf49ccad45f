"""A coordinator sets a room up and manages members, as they would in Element."""

import asyncio

from bot.matrix.outgoing import POLL_START
from tests.e2e.conftest import PASSWORD, Room
from tests.support.members import Member
from tests.support.synapse import Homeserver


async def test_setup_add_members_with_deputies_and_list_them_in_both_languages(room: Room) -> None:
    reply = await room.say("coord", '!setup "Lenkungsgruppe KIM Musterstadt"')
    assert reply.startswith("Die Lenkungsgruppe „Lenkungsgruppe KIM Musterstadt“ ist eingerichtet.")

    anna = room.people["anna"].user_id
    ben = room.people["ben"].user_id
    carla = room.people["carla"].user_id
    reply = await room.say("coord", f'!member add {anna} org="Jobcenter Musterstadt" role=member '
                                    "email=anna@jobcenter.example")
    assert reply == f"{anna} (Jobcenter Musterstadt) ist jetzt Mitglied. Stimmberechtigt: ja."
    reply = await room.say("coord", f"!mitglied hinzufügen {ben} org=„Jobcenter Musterstadt“ "
                                    f"deputy-of={anna}")
    assert f"{ben} vertritt {anna} (Stellvertretung Nr. 1)." in reply
    await room.say("coord", f"!member add {carla} org=BAMF role=advisor")

    listing = await room.say("anna", "!mitglied liste")
    assert (
        "Mitglieder von „Lenkungsgruppe KIM Musterstadt“: 4, stimmberechtigte Sitze: 1" in listing
    )
    assert f"• Jobcenter Musterstadt: {anna} – Mitglied, Sitz" in listing
    assert f"• Jobcenter Musterstadt: {ben} – Mitglied, vertritt {anna}" in listing
    assert f"• BAMF: {carla} – beratendes Mitglied" in listing

    assert (await room.say("coord", "!group set language=en")).startswith("Changed:")
    listing = await room.say("anna", "!member list")
    assert "Members of “Lenkungsgruppe KIM Musterstadt”: 4, voting seats: 1" in listing
    assert f"• BAMF: {carla} – advisor" in listing

    shown = await room.say("carla", f"!member show {anna}")
    assert "Organisation: Jobcenter Musterstadt" in shown
    assert "Email: anna@jobcenter.example" in shown
    assert f"Deputies: {ben}" in shown


async def test_reply_is_a_notice_in_reply_with_escaped_html(room: Room) -> None:
    await room.say("coord", "!setup Lenkungsgruppe")
    anna = room.people["anna"]
    reply = await room.people["coord"].command(
        room.room_id, f'!member add {anna.user_id} org="<script>x</script> & Partner"', room.bot)
    assert reply.content["msgtype"] == "m.notice"
    assert reply.content["format"] == "org.matrix.custom.html"
    assert "<script>" not in reply.html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; Partner" in reply.html
    assert "<script>x</script> & Partner" in reply.body


async def test_member_without_the_role_is_refused_and_nothing_changes(room: Room) -> None:
    await room.say("coord", "!setup Lenkungsgruppe")
    anna, eve = room.people["anna"].user_id, room.people["eve"].user_id
    await room.say("coord", f"!member add {anna} org=Jobcenter")
    before = await room.say("coord", "!member list")

    refused = await room.say("anna", f"!member add {eve} org=Sozialamt")
    assert refused == ("!mitglied hinzufügen dürfen nur Personen mit der Rolle Vorsitz, "
                       "Geschäftsstelle ausführen. Ihre Rolle: Mitglied.")
    outsider = await room.say("eve", f"!member remove {anna}")
    assert outsider.startswith("!mitglied entfernen ist Mitgliedern der Gruppe vorbehalten")
    assert "Sie sind (noch) keines" in outsider
    refused = await room.say("anna", "!group set language=en")
    assert "Ihre Rolle: Mitglied" in refused

    assert await room.say("coord", "!member list") == before


async def test_only_a_room_moderator_may_set_up(room: Room) -> None:
    reply = await room.say("anna", "!setup Lenkungsgruppe")
    assert reply == ("Einen Raum einrichten dürfen nur Moderatoren des Raums "
                     "(Berechtigungsstufe ab 50); Ihre Stufe ist 0.")
    assert (await room.say("anna", "!member list")).startswith("Dieser Raum ist noch keine Gruppe.")
    await room.say("coord", "!setup Lenkungsgruppe")
    assert "bereits als Gruppe „Lenkungsgruppe“" in await room.say("coord", "!setup Noch eine")


async def test_every_kind_of_bad_argument_gets_its_specific_answer(room: Room) -> None:
    await room.say("coord", "!setup Lenkungsgruppe")
    anna = room.people["anna"].user_id
    cases = {
        "!membr list": "Den Befehl !membr gibt es nicht. Meinten Sie !member?",
        "!member lst": "!member kennt „lst“ nicht. Meinten Sie !member list?",
        "!member": "!member braucht einen Unterbefehl: add, list, show, set, remove, import, "
                   "export.",
        "!member add anna org=X": "„anna“ ist keine Matrix-ID.",
        f"!member add {anna}": "Es fehlt die Angabe org=….",
        f"!member add {anna} org=X role=boss": (
            "„boss“ ist nicht möglich (Angabe role). Erlaubt: chair, coordinator, member, "
            "advisor, guest."),
        f"!member add {anna} org=X email=kaputt": "„kaputt“ ist keine E-Mail-Adresse.",
        f"!member add {anna} org=X farbe=rot": "Die Angabe „farbe=“ gibt es hier nicht.",
        f'!member add {anna} org="X': "Das Anführungszeichen \" wird nicht geschlossen.",
        "!group set quorum=150": "„150“ ist kein Prozentwert zwischen 0 und 100.",
        "!group set timezone=Berlin": "„Berlin“ ist keine bekannte Zeitzone",
        "!member show @niemand:localhost": "@niemand:localhost ist kein Mitglied dieser Gruppe.",
        f"!member add {anna} org=X deputy-of={anna}": f"{anna} kann nicht sich selbst vertreten.",
    }
    for command, expected in cases.items():
        reply = await room.say("coord", command)
        assert expected in reply, (command, reply)
    argument_error = await room.say("coord", f"!member add {anna} org=X role=boss")
    assert "Richtige Form: !mitglied hinzufügen @nutzer:server org=ORGANISATION" in argument_error
    assert "Beispiel: !mitglied hinzufügen @anna.schmidt:stadt.de" in argument_error
    assert (await room.say("coord", "!member list")).startswith(
        "Mitglieder von „Lenkungsgruppe“: 1,")


async def test_help_lists_and_explains_commands(room: Room) -> None:
    overview = await room.say("eve", "!hilfe")
    assert "!mitglied (hinzufügen, liste, zeigen, ändern, entfernen" in overview
    assert "!status – Zeigt, was der Bot für die Gruppe gerade tut." in overview
    family = await room.say("eve", "!hilfe mitglied")
    assert "!mitglied hinzufügen – Nimmt ein Mitglied mit Organisation und Rolle auf." in family
    detail = await room.say("eve", "!help member add")
    assert detail.splitlines()[0].startswith("!mitglied hinzufügen @nutzer:server org=")
    assert "Beispiel: !mitglied hinzufügen @anna.schmidt:stadt.de" in detail
    assert "Dürfen: Vorsitz, Geschäftsstelle." in detail
    assert "Auch: !member add" in detail


async def test_removed_member_keeps_history(room: Room) -> None:
    await room.say("coord", "!setup Lenkungsgruppe")
    anna = room.people["anna"].user_id
    await room.say("coord", f"!member add {anna} org=Jobcenter")
    removed = await room.say("coord", f"!member remove {anna}")
    assert removed.startswith(f"{anna} ist nicht mehr Mitglied.")
    shown = await room.say("coord", f"!member show {anna}")
    assert "Organisation: Jobcenter" in shown and "Aus der Gruppe entfernt am" in shown
    assert "Mitglieder von „Lenkungsgruppe“: 1," in await room.say("coord", "!member list")


async def test_members_are_shown_by_their_matrix_display_name_or_the_name_given(
    room: Room,
) -> None:
    """A member's Matrix display name is how the group shows them, refreshed when they change
    it; a name a coordinator gives wins. (Synapse's default display name — the localpart —
    names no one: such members are shown by their id, as elsewhere in these tests.)"""
    anna = room.people["anna"]
    await room.say("coord", "!einrichten Lenkungsgruppe")
    try:
        await anna.client.set_displayname("Dr. Anna Weber")
        await room.people["coord"].wait_for(
            room.room_id, lambda e: e.get("type") == "m.room.member"
            and e.get("content", {}).get("displayname") == "Dr. Anna Weber")
        added = await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
        assert added.startswith("Dr. Anna Weber (Jobcenter) ist jetzt Mitglied"), added
        await anna.client.set_displayname("Prof. Dr. Anna Weber")
        for _ in range(40):
            listed = await room.say("coord", "!mitglied liste")
            if "Prof. Dr. Anna Weber" in listed:
                break
            await asyncio.sleep(0.5)
        assert "• Jobcenter: Prof. Dr. Anna Weber – Mitglied, Sitz" in listed
        await room.say("coord", '!mitglied ändern @anna:localhost name="Frau Dr. Weber"')
        await anna.client.set_displayname("A. W.")
        await asyncio.sleep(2)
        assert "• Jobcenter: Frau Dr. Weber – Mitglied" in await room.say("coord",
                                                                         "!mitglied liste")
    finally:
        await anna.client.set_displayname("anna")  # the other tests know her by her id


async def test_names_in_an_answer_highlight_no_one(room: Room, homeserver: Homeserver) -> None:
    """A member who turned notifications for bots on is notified of the bot's answers, and
    highlighted by none of them: a listing with her name in it carries an empty `m.mentions`
    (the legacy push rules would highlight her name), and so does a poll whose question names
    her (a poll is no notice: without the field she would be highlighted even with bots left
    quiet); an answer that names no one in the room goes without the field — the homeserver
    charges for it, and the legacy rules find nothing."""
    dora = await Member(homeserver.url, homeserver.register("dora", PASSWORD), PASSWORD).login()
    coord = room.people["coord"]
    try:
        await dora.notify_for_bots()
        await coord.invite(room.room_id, dora.user_id)
        await dora.join(room.room_id)
        await room.say("coord", "!einrichten Lenkungsgruppe")
        await room.say("coord", f"!mitglied hinzufügen {dora.user_id} org=Jobcenter")
        listing = await coord.command(room.room_id, "!mitglied liste", room.bot)
        assert f"• Jobcenter: {dora.user_id} – Mitglied" in listing.body
        assert listing.content["m.mentions"] == {}
        added = await coord.command(room.room_id, "!punkt hinzufügen Gründe angeben", room.bot)
        assert "Gründe angeben" in added.body
        assert "m.mentions" not in added.content, "no one in the room is named"
        await room.say("coord", f'!abstimmung "Vorsitz für {dora.user_id}?" deadline=1h')
        poll = (await coord.wait_for(room.room_id, lambda e: e.get("type") == POLL_START))[-1]
        assert dora.user_id in poll["content"]["body"]
        assert poll["content"]["m.mentions"] == {}

        await dora.sync(timeout_ms=1000)
        notified = await dora.notifications()
        assert notified.get(listing.event_id) is False, "notified, but her name is no ping"
        assert notified.get(added.event_id) is False
        # Polls notify no one by this homeserver's default rules; what matters is no highlight.
        assert notified.get(poll["event_id"]) is not True, "a poll about her is no ping either"
    finally:
        await dora.close()

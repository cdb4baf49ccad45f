// A member on Element's own client stack: matrix-js-sdk with its Rust crypto, driven by the
// end-to-end tests over stdin/stdout, one JSON object a line each way.
//
// In: {"id": N, "op": "...", ...arguments}. Out: {"id": N, "ok": true, ...} or
// {"id": N, "ok": false, "error": "..."}; and, unasked, {"event": {...}} for every room event
// the client shows (decrypted where it could be, with the reason where it could not).
import * as readline from "node:readline";
import * as sdk from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";
import { PollResponseEvent } from "matrix-js-sdk/lib/extensible_events_v1/PollResponseEvent.js";
import {
    AllDevicesIsolationMode,
    OnlySignedDevicesIsolationMode,
    decodeRecoveryKey,
} from "matrix-js-sdk/lib/crypto-api/index.js";

logger.setLevel(process.env.MEMBER_LOG_LEVEL || "error");
// The Rust crypto logs through the console: keep stdout for the protocol.
for (const level of ["log", "debug", "info", "warn", "error", "trace"]) {
    console[level] = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
}

let client = null;
let password = null;
let secretStorageKey = null; // the private key of the default secret storage key, once known

function write(message) {
    process.stdout.write(JSON.stringify(message) + "\n");
}

function shown(event) {
    return {
        room_id: event.getRoomId(),
        event_id: event.getId(),
        sender: event.getSender(),
        type: event.getType(),
        state_key: event.getStateKey(),
        content: event.getContent(),
        encrypted: event.isEncrypted(),
        failure: event.isDecryptionFailure() ? String(event.decryptionFailureReason) : null,
    };
}

function watch(c) {
    c.on(sdk.RoomEvent.Timeline, (event, room, toStartOfTimeline) => {
        if (toStartOfTimeline) return;
        // An encrypted event is reported once its decryption has ended, either way.
        if (event.isEncrypted() && event.getType() === "m.room.encrypted"
            && !event.isDecryptionFailure()) return;
        write({ event: shown(event) });
    });
    // Invitations are accepted, as a member opens the direct chat the bot starts.
    c.on(sdk.RoomMemberEvent.Membership, (event, member) => {
        if (member.membership === "invite" && member.userId === c.getUserId()) {
            c.joinRoom(member.roomId).catch((error) => console.error("join failed", error));
        }
    });
    // An event that could not be decrypted at first may be decrypted once its key arrives.
    c.on(sdk.MatrixEventEvent.Decrypted, (event) => {
        if (event.getRoomId()) write({ event: shown(event), redecrypted: true });
    });
}

async function authUpload(makeRequest) {
    // The password stage where the homeserver asks; none for a first upload (MSC3967).
    try {
        await makeRequest(null);
    } catch (error) {
        const session = error?.data?.session;
        await makeRequest({
            type: "m.login.password",
            identifier: { type: "m.id.user", user: client.getUserId() },
            password,
            session,
        });
    }
}

const ops = {
    async login({ homeserver, user, password: pw, isolation, cross_sign = true, device_id }) {
        password = pw;
        const bare = sdk.createClient({ baseUrl: homeserver });
        const session = await bare.loginRequest({
            type: "m.login.password",
            identifier: { type: "m.id.user", user },
            password: pw,
            device_id,
            initial_device_display_name: "Element (js-sdk test)",
        });
        client = sdk.createClient({
            baseUrl: homeserver,
            userId: session.user_id,
            deviceId: session.device_id,
            accessToken: session.access_token,
            cryptoCallbacks: {
                getSecretStorageKey: async ({ keys }) => {
                    if (!secretStorageKey) return null;
                    const keyId = Object.keys(keys)[0];
                    return [keyId, secretStorageKey];
                },
                cacheSecretStorageKey: (keyId, keyInfo, key) => {
                    secretStorageKey = key;
                },
            },
        });
        await client.initRustCrypto({ useIndexedDB: false });
        const crypto = client.getCrypto();
        crypto.setDeviceIsolationMode(
            isolation === "all"
                ? new AllDevicesIsolationMode(false)
                : new OnlySignedDevicesIsolationMode(),
        );
        if (cross_sign) {
            await crypto.bootstrapCrossSigning({ authUploadDeviceSigningKeys: authUpload });
        }
        watch(client);
        await new Promise((resolve) => {
            client.once(sdk.ClientEvent.Sync, (state) => resolve(state));
            client.startClient({ initialSyncLimit: 20 });
        });
        return { user_id: session.user_id, device_id: session.device_id,
                 access_token: session.access_token };
    },

    async bootstrap_recovery() {
        // Cross-signing and secret storage as Element sets them up: the recovery key is
        // what Element shows the person to keep.
        const crypto = client.getCrypto();
        const generated = await crypto.createRecoveryKeyFromPassphrase();
        secretStorageKey = generated.privateKey;
        await crypto.bootstrapSecretStorage({
            createSecretStorageKey: async () => generated,
            setupNewSecretStorage: true,
        });
        await crypto.bootstrapCrossSigning({
            authUploadDeviceSigningKeys: authUpload,
            setupNewCrossSigning: false,
        });
        const status = await crypto.getCrossSigningStatus();
        return { recovery_key: generated.encodedPrivateKey, status };
    },

    async use_recovery_key({ recovery_key }) {
        // Element's "Verify with recovery key": read the identity kimbot keeps in secret storage.
        secretStorageKey = decodeRecoveryKey(recovery_key);
        const crypto = client.getCrypto();
        await crypto.bootstrapCrossSigning({ authUploadDeviceSigningKeys: authUpload });
        return { status: await crypto.getCrossSigningStatus(),
                 ready: await crypto.isCrossSigningReady() };
    },

    async join({ room_id }) {
        await client.joinRoom(room_id);
        return {};
    },

    async create_room({ invite, name, encrypted = true }) {
        const initial_state = encrypted
            ? [{ type: "m.room.encryption", state_key: "",
                 content: { algorithm: "m.megolm.v1.aes-sha2" } }]
            : [];
        const { room_id } = await client.createRoom({ invite, name, initial_state,
                                                      preset: "private_chat" });
        return { room_id };
    },

    async send({ room_id, body }) {
        const room = await waitForRoom(room_id);
        const { event_id } = await client.sendTextMessage(room.roomId, body);
        return { event_id };
    },

    async send_event({ room_id, type, content }) {
        await waitForRoom(room_id);
        const { event_id } = await client.sendEvent(room_id, type, content);
        return { event_id };
    },

    async vote({ room_id, poll_id, answers }) {
        // What Element sends when the member clicks an answer.
        await waitForRoom(room_id);
        const { type, content } = PollResponseEvent.from(answers, poll_id).serialize();
        const { event_id } = await client.sendEvent(room_id, type, content);
        return { event_id };
    },

    async poll({ room_id, poll_id }) {
        // The poll as Element renders it: from matrix-js-sdk's Poll model of the room.
        const room = await waitForRoom(room_id);
        const poll = room.polls.get(poll_id);
        if (!poll) return { found: false };
        const start = poll.pollEvent;
        const responses = await poll.getResponses();
        const votes = {};
        for (const r of responses?.getRelations() ?? []) {
            votes[r.getSender()] = r.getContent()["org.matrix.msc3381.poll.response"]?.answers;
        }
        return {
            found: true,
            question: start.question.text,
            answers: start.answers.map((a) => ({ id: a.id, text: a.text })),
            kind: start.kind.name,
            ended: poll.isEnded,
            votes,
        };
    },

    async device_verification({ user_id, device_id }) {
        const crypto = client.getCrypto();
        await crypto.getUserDeviceInfo([user_id], true);
        const status = await crypto.getDeviceVerificationStatus(user_id, device_id);
        const identity = await crypto.getUserVerificationStatus(user_id);
        return {
            known: status !== null,
            cross_signed: status ? status.signedByOwner : false,
            verified: status ? status.isVerified() : false,
            identity_needs_approval: identity.needsUserApproval,
            identity_was_verified: identity.wasCrossSigningVerified(),
        };
    },

    async stop() {
        client?.stopClient();
        return {};
    },
};

async function waitForRoom(roomId, within = 30000) {
    const deadline = Date.now() + within;
    for (;;) {
        const room = client.getRoom(roomId);
        if (room) return room;
        if (Date.now() > deadline) throw new Error(`room ${roomId} not known`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

const input = readline.createInterface({ input: process.stdin });
input.on("line", async (line) => {
    const request = JSON.parse(line);
    try {
        const result = await ops[request.op](request);
        write({ id: request.id, ok: true, ...result });
    } catch (error) {
        write({ id: request.id, ok: false, error: String(error?.stack ?? error) });
    }
});
input.on("close", () => {
    client?.stopClient();
    process.exit(0);
});

"""The bot's Matrix side: the gateway to the homeserver (`gateway`: login, sync, sending,
end-to-end encryption through matrix-nio), the events it reads (`events`) and sends
(`outgoing`), power levels (`power`), and the bot's cross-signing identity (`identity`: the
homeserver's side; `cross_signing`: the keys and secret storage)."""

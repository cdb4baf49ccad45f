"""The bot's HTTP side: one server (`server`: the guard every request passes, `/healthz`,
`/metrics`) serving the calendar feeds (`feeds`) and the group's record on the web with OParl
(`site`); `conditional` holds the ETag rules they share."""

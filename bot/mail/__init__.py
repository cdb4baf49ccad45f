"""The bot's mail: invitations and reminders sent over SMTP (`sending`), calendar replies
received over LMTP or read from an IMAP mailbox (`receiving`)."""

"""Operations on help requests. They never commit; the caller does.

intake (submission, confirmation, private links), workflow (transitions, thread, reopening,
rating), clocks (the three service-level clocks), queue (the staff queue, reminders, closing
days), replies (mail received), reply_address (the token in outgoing mail). Other domains use
`office.requests.interface`.
"""

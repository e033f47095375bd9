"""Whether the test register contributes to the shared surfaces now (off unless a test switches it on)."""

on = False

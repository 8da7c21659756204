"""The project's own stand-in for Stripe: a test-mode payment server over real HTTP.

The test suite points the real `stripe` client at it, and `make run` serves the demo with it when
no `STRIPE_SECRET_KEY` is set, so the whole giving flow works with no Stripe account and no money
moving. Never used in production (a system check refuses it with DEBUG off).
"""

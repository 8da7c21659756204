"""Every change the giving side makes, by sub-domain.

    checkout    what a reader asked to give, and the Stripe Checkout Session for it
    recording   gifts recorded from what Stripe says (idempotent, order-independent)
    mail        the emails donors get
    notices     which notices donors get about a recurring gift (failed payment, renewal,
                expiring card), each once
    manage      the donor's signed manage link and Stripe's Billing Portal
    support     the reader's answers to the asks, and the prompt funnel

Services are keyword-only functions that never take `request`: a view reads what it needs from
the request and passes values. Callers import the sub-domain (`from donations.services import
recording`), so a name says where it lives.
"""
